/** List feeds: the publishing key, publishing, sharing, publishers, and taking a feed in (preview, then apply). */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Value } from '@sinclair/typebox/value';
import { FEED_MAX_BYTES } from '../domain/feed.js';
import { ApplyFeedSchema, FeedSettingsSchema, FeedUrlSchema, MakeKeySchema, PublisherInputSchema, PublishQuerySchema, SharingSchema } from '../model/feed-schemas.js';
import { HttpError } from '../plugins/errors.js';
import { actorOf } from '../plugins/organizer-guard.js';
import {
  addPublisher, applyFeed, feedFreshness, feedStatus, listFeedPublishers, listSharing, makeSigningKey, previewFeed,
  publishFeed, removePublisher, setShared, updateFeedSettings,
} from '../services/feeds.js';
import { readUpload } from './multipart-upload.js';
import { IdParams } from './schemas.js';

export const adminFeedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(fastifyMultipart);

  app.get('/feed', async () => feedStatus(app.db));
  app.get('/feed/freshness', async () => feedFreshness(app.db));
  app.put('/feed/settings', { schema: { body: FeedSettingsSchema } }, async (request) => updateFeedSettings(app.db, actorOf(request), request.body));
  app.post('/feed/keys', { schema: { body: MakeKeySchema } }, async (request, reply) =>
    reply.status(201).send(await makeSigningKey(app.db, actorOf(request), request.body.replace ?? false)),
  );

  app.get('/feed/publish', { schema: { querystring: PublishQuerySchema } }, async (request, reply) => {
    const gzip = request.query.gzip ?? false;
    const { body, filename } = await publishFeed(app.db, actorOf(request), { gzip });
    return reply.type(gzip ? 'application/gzip' : 'application/json; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(body);
  });

  app.get('/feed/sharing', async () => ({ people: await listSharing(app.db) }));
  app.put('/feed/sharing', { schema: { body: SharingSchema } }, async (request) => setShared(app.db, actorOf(request), request.body.ids, request.body.shared));

  app.get('/feed/publishers', async () => ({ publishers: await listFeedPublishers(app.db) }));
  app.post('/feed/publishers', { schema: { body: PublisherInputSchema } }, async (request, reply) =>
    reply.status(201).send(await addPublisher(app.db, actorOf(request), request.body)),
  );
  app.delete('/feed/publishers/:id', { schema: { params: IdParams } }, async (request) => {
    await removePublisher(app.db, actorOf(request), request.params.id);
    return { ok: true };
  });

  // The file as multipart, or { url } of another Volya on the local network.
  app.post('/feed/preview', async (request) => {
    if (request.isMultipart()) return previewFeed(app.db, { bytes: (await readUpload(request, FEED_MAX_BYTES, 'the feed file')).file });
    if (!Value.Check(FeedUrlSchema, request.body)) throw new HttpError(400, 'url: send the feed file as multipart/form-data, or { "url": "http://…" }', 'url');
    return previewFeed(app.db, { url: request.body.url });
  });

  app.post('/feed/apply', { schema: { body: ApplyFeedSchema } }, async (request) => applyFeed(app.db, actorOf(request), request.body.previewId));
};
