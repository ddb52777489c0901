/**
 * Optimistic concurrency: which fields of a record changed between the version an organizer saw and the one
 * stored now. Records are compared as stored (0/1 flags, comma-joined languages).
 */

/** The fields of a person an organizer sees change: what a 409 names. */
export const PERSON_FIELDS = [
  'surname', 'givenName', 'patronymic', 'latinName', 'nameDative', 'gender', 'birthYear', 'birthDate', 'facilityId', 'status',
  'addressAsOf', 'addressSource', 'caseName', 'bioEn', 'bioRu', 'languages', 'supportWithdrawn', 'withdrawnNote', 'privateNotes',
] as const;

export const FACILITY_FIELDS = ['name', 'kind', 'street', 'city', 'district', 'region', 'postalCode', 'country', 'mailRules', 'mailRulesRu', 'notes'] as const;

/** The fields whose value differs between `base` and `current` (a field `base` lacks counts as unchanged). */
export function changedFields(fields: readonly string[], base: Record<string, unknown>, current: Record<string, unknown>): string[] {
  return fields.filter((f) => f in base && JSON.stringify(base[f] ?? null) !== JSON.stringify(current[f] ?? null));
}
