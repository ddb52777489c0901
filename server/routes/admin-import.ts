/**
 * CSV import: a dry run reports every row (create / update / unchanged / duplicate / error with line, field and
 * rule) without writing; apply runs the same classification inside one transaction and writes all or nothing.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  decodeCsvBytes, IMPORT_FIELDS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, parseCsvText, planImport, REQUIRED_FIELDS, suggestMapping,
  type ImportDelimiter, type ImportEncoding, type ImportField, type ImportMapping, type ImportPlan,
} from '../domain/csv-import.js';
import { applyImportPlan, loadImportContext } from '../db/csv-import.js';
import { getSettings, saveSettings } from '../db/settings.js';
import { recordAudit } from '../db/audit.js';
import { HttpError } from '../http-error.js';
import { readUpload } from './multipart-upload.js';
import { actorOf } from './admin-prisoners.js';

const ENCODINGS: ImportEncoding[] = ['auto', 'utf-8', 'windows-1251'];
const DELIMITERS: Record<string, ImportDelimiter> = { auto: 'auto', semicolon: ';', comma: ',', tab: '\t' };

interface ImportRequest {
  parsed: ReturnType<typeof parseCsvText>;
  encoding: string;
  mapping: ImportMapping;
  filename: string;
}

async function readImport(request: FastifyRequest, remembered: ImportMapping): Promise<ImportRequest> {
  const upload = await readUpload(request, IMPORT_MAX_BYTES, 'the CSV file');
  const encoding = (upload.fields.encoding ?? 'auto') as ImportEncoding;
  if (!ENCODINGS.includes(encoding)) throw new HttpError(400, `encoding: must be one of ${ENCODINGS.join(', ')}`, 'encoding');
  const delimiter = DELIMITERS[upload.fields.delimiter ?? 'auto'];
  if (!delimiter) throw new HttpError(400, `delimiter: must be one of ${Object.keys(DELIMITERS).join(', ')}`, 'delimiter');
  const decoded = decodeCsvBytes(upload.file, encoding);
  const parsed = parseCsvText(decoded.text, delimiter);
  let mapping: ImportMapping;
  if (upload.fields.mapping !== undefined) {
    mapping = parseMapping(upload.fields.mapping, parsed.headers);
  } else {
    mapping = suggestMapping(parsed.headers, remembered);
  }
  return { parsed, encoding: decoded.encoding, mapping, filename: upload.filename };
}

/** The organizer's mapping: a JSON object field → column header, every header one the file has. */
function parseMapping(text: string, headers: string[]): ImportMapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'mapping: must be a JSON object of field → column', 'mapping');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'mapping: must be a JSON object of field → column', 'mapping');
  }
  const mapping: ImportMapping = {};
  for (const [field, header] of Object.entries(value)) {
    if (!IMPORT_FIELDS.includes(field as ImportField)) throw new HttpError(400, `mapping: unknown field "${field}"`, 'mapping');
    if (header === null || header === '') continue;
    if (typeof header !== 'string' || !headers.includes(header)) {
      throw new HttpError(400, `mapping: the file has no column "${String(header)}" (for ${field})`, 'mapping');
    }
    mapping[field as ImportField] = header;
  }
  return mapping;
}

function report(req: ImportRequest, plan: ImportPlan) {
  return {
    filename: req.filename,
    encoding: req.encoding,
    delimiter: req.parsed.delimiter,
    headers: req.parsed.headers,
    fields: IMPORT_FIELDS,
    required: REQUIRED_FIELDS,
    mapping: req.mapping,
    missingRequired: plan.missingRequired,
    warnings: plan.warnings,
    summary: plan.summary,
    facilities: {
      create: plan.facilityOps.filter((f) => f.action === 'create').length,
      update: plan.facilityOps.filter((f) => f.action === 'update').length,
    },
    canApply: plan.missingRequired.length === 0 && plan.summary.error === 0,
    rows: plan.rows,
  };
}

export const adminImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(fastifyMultipart);

  app.get('/import/limits', async () => ({ maxBytes: IMPORT_MAX_BYTES, maxRows: IMPORT_MAX_ROWS, fields: IMPORT_FIELDS, required: REQUIRED_FIELDS }));

  app.post('/import/dry-run', async (request) => {
    const settings = await getSettings(app.db);
    const req = await readImport(request, settings.importMapping);
    const plan = planImport(req.parsed, req.mapping, await loadImportContext(app.db));
    return report(req, plan);
  });

  app.post('/import/apply', async (request) => {
    const settings = await getSettings(app.db);
    const req = await readImport(request, settings.importMapping);
    return app.db.transaction().execute(async (trx) => {
      // Classified again inside the transaction: what is written matches the list as it is now.
      const plan = planImport(req.parsed, req.mapping, await loadImportContext(trx));
      if (plan.missingRequired.length) {
        throw new HttpError(400, `mapping: no column chosen for ${plan.missingRequired.join(', ')}`, 'mapping');
      }
      if (plan.summary.error) {
        throw new HttpError(400, `file: ${plan.summary.error} row(s) have errors; nothing was imported. Run the dry run and fix them`, 'file');
      }
      await applyImportPlan(trx, actorOf(request), plan);
      await saveSettings(trx, { importMapping: req.mapping });
      await recordAudit(trx, actorOf(request), {
        action: 'import', entity: 'import', entityId: null,
        after: { filename: req.filename, summary: plan.summary, facilities: report(req, plan).facilities },
      });
      return { ...report(req, plan), applied: true };
    });
  });
};
