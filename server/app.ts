/** buildApp: the Fastify instance with every plugin and route registered explicitly, and one error handler. */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';
import type { Database } from './db/connect.js';
import path from 'node:path';
import { installErrorHandler } from './plugins/errors.js';
import { capConnections, CONNECTION_LIMITS, type ConnectionLimits } from './plugins/connections.js';
import { hostCheck } from './plugins/host-check.js';
import { lazySerializers, validatorCompiler } from './validation.js';
import { healthRoutes } from './routes/health.js';
import { prisonerRoutes } from './routes/prisoners.js';
import { adminAuthRoutes } from './routes/admin-auth.js';
import { adminRoutes } from './routes/admin.js';
import { kioskAssets, kioskRoutes } from './routes/kiosk.js';
import { consolePages } from './routes/console-pages.js';
import { clientKind } from './plugins/client-kind.js';
import { printing } from './plugins/printing.js';
import type { CupsCommands } from './printing/cups.js';
import { printQueueRoutes } from './routes/print-queue.js';
import { pdfRoutes } from './routes/pdf.js';
import { templateRoutes } from './routes/templates.js';
import { feedRoutes } from './routes/feed.js';
import { publicDir } from './paths.js';
import { inlineRenderer, RETRY_AFTER_SECONDS, type PdfRenderer } from './render/render-pool.js';
import { inlineBatch, type BatchRunner } from './render/batch-pool.js';
import { PICTURE_BUDGETS, type PictureBudgets } from './model/limits.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>;
    database: Database;
    /** Renders previews and checks pictures: the worker pool in the running server, the main thread in tests and the CLI. */
    renderer: PdfRenderer;
    /** Print runs, the birthday list and CSV imports: the batch thread in the running server, the main thread in tests. */
    batch: BatchRunner;
    /** Picture bytes a phone may queue per 10 minutes and a print run may draw. */
    pictureBudgets: PictureBudgets;
  }
}

export interface AppDeps {
  database: Database;
  logger?: FastifyServerOptions['logger'];
  /** Login attempts allowed per client per minute. */
  loginRateLimit?: number;
  /** Called for every route as it is registered (the route-table test uses it). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
  /** Where the server listens (the phone QR code shows it). */
  listen?: { host: string; port: number };
  /** CUPS client commands; tests point these at stand-ins. */
  cups?: CupsCommands;
  /** API requests per minute a phone may make, and items it may queue per 10 minutes. */
  phoneRequestsPerMinute?: number;
  phoneQueueLimit?: number;
  /** The PDF renderer; default renders on the main thread (main.ts passes the worker pool). */
  renderer?: PdfRenderer;
  /** The batch runner; default runs on the main thread (main.ts passes the batch pool). */
  batch?: BatchRunner;
  /** Picture budgets (model/limits.ts PICTURE_BUDGETS); tests pass small ones. */
  pictureBudgets?: Partial<PictureBudgets>;
  /** Timeouts and connection caps (plugins/connections.ts); tests pass small ones. */
  connections?: Partial<ConnectionLimits>;
}


/** Redacts what must never reach a log line: cookies, tokens and bodies are not logged at all. */
const serializers = {
  req(request: { method: string; url: string; id: string }) {
    // Only the path: query strings can carry search terms typed at the kiosk.
    return { method: request.method, url: request.url.split('?')[0], id: request.id };
  },
};

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const logger =
    deps.logger === undefined || deps.logger === false
      ? false
      : { ...(typeof deps.logger === 'object' ? deps.logger : {}), serializers };
  const limits = { ...CONNECTION_LIMITS, ...deps.connections };
  const app = Fastify({
    logger,
    bodyLimit: 1024 * 1024,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    http: { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs },
    schemaController: { compilersFactory: { buildSerializer: lazySerializers } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  capConnections(app.server, limits);
  app.setValidatorCompiler(validatorCompiler);
  if (deps.onRoute) {
    const onRoute = deps.onRoute;
    app.addHook('onRoute', (route) => onRoute({ method: route.method, url: route.url }));
  }
  app.decorate('db', deps.database.db);
  app.decorate('database', deps.database);
  app.decorate('renderer', deps.renderer ?? inlineRenderer);
  app.decorate('batch', deps.batch ?? inlineBatch);
  app.decorate('pictureBudgets', { ...PICTURE_BUDGETS, ...deps.pictureBudgets });
  app.decorateRequest('session', null);

  installErrorHandler(app, { retryAfterSeconds: RETRY_AFTER_SECONDS, databaseFolder: path.dirname(path.resolve(deps.database.file)) });

  // Organizer answers and downloads (people, runs, exports, backups, translations) must not stay in a browser's
  // or proxy's cache on a shared laptop: one hook, so a route added later is covered too.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/admin') || request.routeOptions.url?.startsWith('/api/admin') || reply.hasHeader('content-disposition')) {
      reply.header('Cache-Control', 'no-store');
    }
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({ error: 'Not Found', message: `No such API route: ${request.method} ${request.url.split('?')[0]}` });
    }
    return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
  });

  await app.register(fastifyHelmet, {
    // Offline by design: every script, style, font and image comes from this server (data:/blob: for drawings
    // and PDF previews made in the page).
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'self'", 'blob:'],
        frameSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    // Plain http on a LAN: do not ask browsers to upgrade to https that is not there.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(clientKind, { phoneRequestsPerMinute: deps.phoneRequestsPerMinute ?? 300 });
  await app.register(printing, { cups: deps.cups, listen: deps.listen });
  await app.register(hostCheck, { listenHost: deps.listen?.host ?? '127.0.0.1' });

  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(prisonerRoutes, { prefix: '/api' });
  await app.register(kioskRoutes, { prefix: '/api' });
  await app.register(printQueueRoutes, { prefix: '/api', phoneQueueLimit: deps.phoneQueueLimit ?? 30 });
  await app.register(templateRoutes, { prefix: '/api' });
  await app.register(pdfRoutes, { prefix: '/api' });
  await app.register(kioskAssets);
  await app.register(consolePages);
  await app.register(feedRoutes);
  await app.register(adminAuthRoutes, { prefix: '/api/admin', loginRateLimit: deps.loginRateLimit ?? 10 });
  await app.register(adminRoutes, { prefix: '/api/admin' });

  await app.register(fastifyStatic, { root: publicDir, prefix: '/', index: ['index.html'] });
  return app;
}
