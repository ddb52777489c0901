/**
 * The guarded admin scope. Every route plugin registered here sits behind requireOrganizer: a new admin
 * route cannot forget its protection (test/routes/admin-guard.test.ts enumerates them all).
 */
import type { FastifyPluginAsync } from 'fastify';
import { requireOrganizer } from '../plugins/organizer-guard.js';
import { adminSessionRoutes } from './admin-session.js';
import { adminPrisonerRoutes } from './admin-prisoners.js';
import { adminFacilityRoutes } from './admin-facilities.js';
import { adminSettingsRoutes } from './admin-settings.js';
import { adminAuditRoutes } from './admin-audit.js';
import { adminImportRoutes } from './admin-import.js';
import { adminExportRoutes } from './admin-export.js';
import { adminPrintRoutes } from './admin-print.js';
import { adminTranslateRoutes } from './admin-translate.js';
import { adminPhoneRoutes } from './admin-phones.js';
import { adminBackupRoutes } from './admin-backup.js';
import { adminOrganizerRoutes } from './admin-organizers.js';
import { adminStatusRoutes } from './admin-status.js';
import { adminBirthdayRoutes } from './admin-birthdays.js';
import { adminStatsRoutes } from './admin-stats.js';
import { adminFeedRoutes } from './admin-feeds.js';
import { adminDeliveryRoutes } from './admin-delivery.js';

export const adminRoutes: FastifyPluginAsync = async (admin) => {
  admin.addHook('onRequest', requireOrganizer);
  await admin.register(adminSessionRoutes);
  await admin.register(adminPrisonerRoutes);
  await admin.register(adminFacilityRoutes);
  await admin.register(adminSettingsRoutes);
  await admin.register(adminAuditRoutes);
  await admin.register(adminImportRoutes);
  await admin.register(adminExportRoutes);
  await admin.register(adminPrintRoutes);
  await admin.register(adminTranslateRoutes);
  await admin.register(adminPhoneRoutes);
  await admin.register(adminBackupRoutes);
  await admin.register(adminOrganizerRoutes);
  await admin.register(adminStatusRoutes);
  await admin.register(adminBirthdayRoutes);
  await admin.register(adminStatsRoutes);
  await admin.register(adminFeedRoutes);
  await admin.register(adminDeliveryRoutes);
};
