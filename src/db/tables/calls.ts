import type { TableDefinition } from './define.ts';

/**
 * Call records. `byPending` is sparse: only calls whose moderators' summary is still due carry the
 * `pending` attribute, so resuming summaries after a restart is one Query. Ended calls expire
 * TRANSCRIPT_RETENTION_DAYS after their end (TTL on AWS, the retention sweep on the embedded store).
 */
export const callsTable = {
  baseName: 'calls',
  partitionKey: { name: 'callId', type: 'S' },
  ttlAttribute: 'expiresAt',
  indexes: [
    {
      name: 'byPending',
      partitionKey: { name: 'pending', type: 'S' },
      sortKey: { name: 'endedAt', type: 'N' },
      projection: 'ALL',
    },
  ],
} as const satisfies TableDefinition;

/** Transcript lines of a call in order (`seq` = zero-padded time + counter); expire via TTL. */
export const transcriptsTable = {
  baseName: 'transcripts',
  partitionKey: { name: 'callId', type: 'S' },
  sortKey: { name: 'seq', type: 'S' },
  indexes: [],
  ttlAttribute: 'expiresAt',
} as const satisfies TableDefinition;

/** Per-guild settings (`key` = `settings`) and voice opt-outs (`key` = `optout#<userId>`). */
export const settingsTable = {
  baseName: 'settings',
  partitionKey: { name: 'guildId', type: 'S' },
  sortKey: { name: 'key', type: 'S' },
  indexes: [],
} as const satisfies TableDefinition;

/** The fleet-wide Nova Sonic session cap: one item per slot, held by a lease. */
export const leasesTable = {
  baseName: 'leases',
  partitionKey: { name: 'pool', type: 'S' },
  sortKey: { name: 'slot', type: 'N' },
  indexes: [],
} as const satisfies TableDefinition;
