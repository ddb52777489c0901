/** Phone access for organizers: the URL phones open, as a QR code, and whether the server listens beyond this machine. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { phoneAccess } from '../services/phones.js';

export const adminPhoneRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/phone-qr', async () => phoneAccess(app.db, app.listenAddress));
};
