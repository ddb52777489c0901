/** Reads one uploaded file (and a few text fields) from a multipart request, with a size limit that says what it is. */
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../http-error.js';

export interface Upload {
  bytes: Buffer;
  filename: string;
  fields: Record<string, string>;
}

const megabytes = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

export async function readUpload(request: FastifyRequest, maxBytes: number, what: string): Promise<Upload> {
  if (!request.isMultipart()) throw new HttpError(415, 'file: send the file as multipart/form-data', 'file');
  let bytes: Buffer | null = null;
  let filename = '';
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024 } })) {
      if (part.type === 'file') {
        bytes = await part.toBuffer();
        filename = part.filename;
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, `file: ${what} is larger than ${megabytes(maxBytes)}, the limit`, 'file');
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new HttpError(413, 'file: send one file per request', 'file');
    }
    throw e;
  }
  if (bytes === null) throw new HttpError(400, 'file: no file was attached', 'file');
  return { bytes, filename, fields };
}
