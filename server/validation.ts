/**
 * Request validators. Bodies are checked strictly — no type coercion, unknown fields rejected — so a wrong
 * type or a misspelt field is a 400 naming it. Query strings and path params are strings on the wire and are
 * coerced to the schema's number/boolean types.
 */
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, useDefaults: true, removeAdditional: false, strict: false, ...options });
  // ajv-formats ships as CommonJS with a default export.
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

const bodyAjv = makeAjv({ coerceTypes: false });
const paramAjv = makeAjv({ coerceTypes: 'array' });

/**
 * Each route's validator is compiled on the route's first request, not at start: compiling all of them took
 * about 170 ms of every start, before the first letter could be printed. A schema error still fails the test
 * suite, which calls every route.
 */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : paramAjv;
  let compiled: ValidateFunction | undefined;
  const compile = () => {
    compiled ??= ajv.compile(schema as object);
    notCompiled.delete(compile);
    return compiled;
  };
  notCompiled.add(compile);
  const validate = (data: unknown) => {
    const fn = compile();
    const ok = fn(data);
    validate.errors = fn.errors;
    return ok;
  };
  validate.errors = null as ValidateFunction['errors'];
  return validate;
};

const notCompiled = new Set<() => ValidateFunction>();

/** Compiles every validator not yet used; the test suite calls it so a broken schema fails there, not at an event. */
export function compilePendingValidators(): number {
  const pending = [...notCompiled];
  for (const compile of pending) compile();
  return pending.length;
}

/** Turns an Ajv error into the field it concerns and a sentence a person can act on. */
export function describeValidationError(errors: FastifySchemaValidationError[], part: string | undefined) {
  const e = errors[0];
  const path = (e.instancePath || '').replace(/^\//, '').replaceAll('/', '.');
  const params = (e.params ?? {}) as Record<string, unknown>;
  let field = path;
  let rule = e.message ?? 'is invalid';
  switch (e.keyword) {
    case 'additionalProperties':
      field = [path, String(params.additionalProperty)].filter(Boolean).join('.');
      rule = 'is not a known field';
      break;
    case 'required':
      field = [path, String(params.missingProperty)].filter(Boolean).join('.');
      rule = 'is required';
      break;
    case 'type':
      rule = `must be ${params.type === 'integer' ? 'a whole number' : `of type ${String(params.type)}`}`;
      break;
    case 'maxLength':
      rule = `must be at most ${String(params.limit)} characters`;
      break;
    case 'minLength':
      rule = Number(params.limit) === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`;
      break;
    case 'pattern':
      rule = 'has the wrong format';
      break;
  }
  const where = field || part || 'request';
  return { field: where, message: `${where}: ${rule}` };
}
