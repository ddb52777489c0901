/**
 * Request validators and response serializers. Bodies are checked strictly — no type coercion, unknown fields
 * rejected — so a wrong type or a misspelt field is a 400 naming it. Query strings and path params are strings on
 * the wire and are coerced to the schema's number/boolean types.
 */
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';

function makeAjv(options: Options): Ajv {
  // validateSchema off: checking a schema against the JSON Schema meta-schema first compiles the meta-schema, about
  // 50 ms per Ajv instance on the first request after start. The schemas come from TypeBox, and the test suite
  // checks every one against the meta-schema (checkRequestSchemas).
  const ajv = new Ajv({ allErrors: false, useDefaults: true, removeAdditional: false, strict: false, validateSchema: false, ...options });
  // ajv-formats ships as CommonJS with a default export.
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

const bodyAjv = makeAjv({ coerceTypes: false });
const paramAjv = makeAjv({ coerceTypes: 'array' });

/**
 * Compilers run on a route's first request, not at start: compiling every route's validators and response
 * serializers took about 0.2 s of each start, before the first letter could be printed. The test suite calls
 * compilePendingSchemas(), so a schema that does not compile fails there, not in the middle of a workshop.
 */
const notCompiled = new Set<() => unknown>();

function lazily<T>(compile: () => T): () => T {
  let compiled: T | undefined;
  const get = () => {
    if (compiled === undefined) {
      compiled = compile();
      notCompiled.delete(get);
    }
    return compiled;
  };
  notCompiled.add(get);
  return get;
}

/** Compiles every validator and serializer no request has used yet; returns how many. */
export function compilePendingSchemas(): number {
  const pending = [...notCompiled];
  for (const compile of pending) compile();
  return pending.length;
}

/** Every request schema a route declared, for checkRequestSchemas. */
const requestSchemas = new Set<object>();

/** Checks every route's request schema against the JSON Schema meta-schema (the test suite calls it). */
export function checkRequestSchemas(): number {
  const ajv = makeAjv({ validateSchema: true });
  for (const schema of requestSchemas) {
    if (!ajv.validateSchema(schema)) throw new Error(`invalid request schema: ${ajv.errorsText(ajv.errors)}`);
  }
  return requestSchemas.size;
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : paramAjv;
  requestSchemas.add(schema as object);
  const compiled = lazily(() => ajv.compile(schema as object));
  const validate = (data: unknown) => {
    const fn = compiled();
    const ok = fn(data);
    validate.errors = fn.errors;
    return ok;
  };
  validate.errors = null as ValidateFunction['errors'];
  return validate;
};

/** Fastify's own response serializers (fast-json-stringify), each compiled on first use. */
export const lazySerializers: SerializerFactory = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  return (route) => {
    const compiled = lazily(() => compile(route));
    return (doc) => compiled()(doc);
  };
};

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
