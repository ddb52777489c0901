/**
 * The closed lists every layer shares — paper, envelope and label sizes with their defaults and printer media
 * names, record statuses and kinds — written once. TypeBox schemas (schemas.ts) and the database types are built
 * from these arrays, so a new size or status is added here and nowhere else.
 */

export const PAPER_SIZES = ['a4', 'letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

export const ENVELOPE_SIZES = ['DL', 'C5', 'C6', 'US10'] as const;
export type EnvelopeSize = (typeof ENVELOPE_SIZES)[number];

export const LABEL_SHEETS = ['L7160', '5160'] as const;
export type LabelSheet = (typeof LABEL_SHEETS)[number];

/** The envelope that fits a letter folded in three on each paper: DL for A4, No. 10 for US Letter. */
export const DEFAULT_ENVELOPE: Record<PaperSize, EnvelopeSize> = { a4: 'DL', letter: 'US10' };
/** The label sheet sold for each paper: Avery L7160 (A4, 21 labels) and 5160 (Letter, 30 labels). */
export const DEFAULT_LABEL_SHEET: Record<PaperSize, LabelSheet> = { a4: 'L7160', letter: '5160' };

/** Media names for the printer (CUPS `-o media=`). */
export const PAPER_MEDIA: Record<PaperSize, string> = { a4: 'A4', letter: 'Letter' };
export const ENVELOPE_MEDIA: Record<EnvelopeSize, string> = { DL: 'EnvDL', C5: 'EnvC5', C6: 'EnvC6', US10: 'Env10' };

export const ADDRESSING = ['envelope', 'labels'] as const;
export type Addressing = (typeof ADDRESSING)[number];

export const FACILITY_KINDS = ['sizo', 'ik', 'kp', 'liu', 'prison', 'house_arrest', 'other'] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export const PRISONER_STATUSES = ['pretrial', 'house_arrest', 'colony', 'released', 'unknown'] as const;
export type PrisonerStatus = (typeof PRISONER_STATUSES)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const ORGANIZER_ROLES = ['organizer', 'translator'] as const;
export type OrganizerRole = (typeof ORGANIZER_ROLES)[number];

export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const REGISTERS = ['ty', 'vy'] as const;
export type Register = (typeof REGISTERS)[number];

export const PRINTED_KINDS = ['letter', 'postcard', 'envelope', 'label'] as const;
export type PrintedKind = (typeof PRINTED_KINDS)[number];

export const QUEUE_KINDS = ['letter', 'postcard'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const QUEUE_STATUSES = ['waiting-translation', 'queued', 'held', 'printed'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export const PRINT_RUN_STATUSES = ['ready', 'sending', 'interrupted', 'printed'] as const;
export type PrintRunStatus = (typeof PRINT_RUN_STATUSES)[number];

export const PDF_KINDS = ['letter', 'postcard', 'postcard-sheet', 'envelope', 'labels'] as const;
export type PdfKind = (typeof PDF_KINDS)[number];

/** How an item leaves: posted here, forwarded in a parcel to a partner who posts it, or handed to a relay inside Russia. */
export const ROUTE_KINDS = ['post', 'forward', 'relay'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

/** Whose return address goes on a forwarded envelope. */
export const RETURN_ADDRESS_OF = ['collective', 'partner'] as const;
export type ReturnAddressOf = (typeof RETURN_ADDRESS_OF)[number];

/** What a relay takes. */
export const RELAY_ACCEPTS = ['text', 'text-images'] as const;
export type RelayAccepts = (typeof RELAY_ACCEPTS)[number];

/** Whether mail to Russia runs from a sending country. */
export const POSTAL_STATUSES = ['running', 'suspended', 'unknown'] as const;
export type PostalStatus = (typeof POSTAL_STATUSES)[number];

/** What became of a numbered item. */
export const LEDGER_OUTCOMES = ['returned', 'delivered', 'reply'] as const;
export type LedgerOutcome = (typeof LEDGER_OUTCOMES)[number];

export const RETURN_REASONS = ['refused', 'unknown-addressee', 'transferred', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];
