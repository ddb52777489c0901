/** Request contracts of the list feed routes (docs/api.md, docs/feeds.md). */
import { Type, type Static } from '@sinclair/typebox';

export const FeedSettingsSchema = Type.Object(
  {
    scope: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('shared')])),
    serve: Type.Optional(Type.Boolean()),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
    staleDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    /** The settings version the change was made from (docs/api.md, "Versions and stale edits"). */
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type FeedSettingsRequest = Static<typeof FeedSettingsSchema>;

export const MakeKeySchema = Type.Object({ replace: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

export const PublishQuerySchema = Type.Object({ gzip: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

export const SharingSchema = Type.Object(
  { ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 50_000 }), shared: Type.Boolean() },
  { additionalProperties: false },
);

export const PublisherInputSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), publicKey: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const FeedUrlSchema = Type.Object({ url: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

export const ApplyFeedSchema = Type.Object({ previewId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
