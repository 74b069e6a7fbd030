/**
 * deploy/cloudformation.yaml against the code: every table in TABLES with the same keys, attributes,
 * indexes, billing and TTL; and an IAM policy that grants each table exactly the DynamoDB actions
 * its store's source performs, on exact ARNs, plus the configured Bedrock models.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.ts';
import { allTableInputs, TABLES, tableNames, type TableKey } from '../../src/db/index.ts';
import {
  ACCOUNT,
  modelArn,
  render,
  resourcesOfType,
  ROOT,
  section,
  tableArn,
  TEMPLATE,
  TEMPLATE_TEXT,
  text,
  type Node,
  type Obj,
} from './cloudformation-template.ts';

const byName = <T>(items: readonly T[], key: (t: T) => string) =>
  [...items].sort((a, b) => key(a).localeCompare(key(b)));

/** What the two sides must agree on, in one comparable shape. */
function shapeOfInput(t: CreateTableCommandInput, ttl: string | undefined) {
  return {
    name: t.TableName,
    billing: t.BillingMode,
    keys: t.KeySchema,
    attributes: byName(t.AttributeDefinitions ?? [], (a) => a.AttributeName ?? ''),
    indexes: byName(t.GlobalSecondaryIndexes ?? [], (i) => i.IndexName ?? '').map((i) => ({
      name: i.IndexName,
      keys: i.KeySchema,
      projection: i.Projection?.ProjectionType,
    })),
    ttl,
  };
}

const ttlByName = (prefix: string) =>
  new Map(
    Object.values(TABLES).map((t) => [
      `${prefix}${t.baseName}`,
      'ttlAttribute' in t ? t.ttlAttribute : undefined,
    ]),
  );

function codeShapes(prefix: string, inputs = allTableInputs(prefix)) {
  const ttl = ttlByName(prefix);
  return byName(inputs, (t) => t.TableName ?? '').map((t) => shapeOfInput(t, ttl.get(t.TableName ?? '')));
}

/** Template tables are written in CreateTable's own shape, so one projection serves both sides. */
function templateShapes(prefix: string) {
  const tables = resourcesOfType(render({ TablePrefix: prefix }), 'AWS::DynamoDB::Table');
  return byName(tables, (t) => text(t.TableName)).map((t) => {
    const ttl = t.TimeToLiveSpecification as Obj | undefined;
    const input = t as unknown as CreateTableCommandInput;
    return shapeOfInput(input, ttl?.Enabled === true ? text(ttl.AttributeName) : undefined);
  });
}

interface Statement {
  Effect: string;
  Action: string[];
  Resource: string[];
}

function policyStatements(overrides: Record<string, string> = {}): Statement[] {
  const [policy] = resourcesOfType(render(overrides), 'AWS::IAM::ManagedPolicy');
  return ((policy?.PolicyDocument as Obj).Statement as Obj[]).map((s) => ({
    Effect: s.Effect as string,
    Action: ([] as Node[]).concat(s.Action as Node) as string[],
    Resource: ([] as Node[]).concat(s.Resource as Node) as string[],
  }));
}

/** Actions the policy allows on exactly `arn`. */
function grantedOn(statements: Statement[], arn: string): Set<string> {
  return new Set(
    statements.filter((s) => s.Effect === 'Allow' && s.Resource.includes(arn)).flatMap((s) => s.Action),
  );
}

/** Which table each source file that sends DynamoDB commands works on. */
const STORE_FILES: Record<string, TableKey | 'all'> = {
  'src/orders/store.ts': 'orders',
  'src/calls/call-store.ts': 'calls',
  'src/calls/transcript-store.ts': 'transcripts',
  'src/calls/transcript-retention.ts': 'transcripts',
  'src/calls/call-retention.ts': 'calls',
  'src/calls/settings-store.ts': 'settings',
  'src/calls/fleet-leases.ts': 'leases',
  'src/notifications/outbox-store.ts': 'orders',
  'src/notifications/records.ts': 'notifications',
  'src/db/bootstrap.ts': 'all',
  'src/db/database.ts': 'all',
};
/** SDK command → IAM action (`Get` → `GetItem`, `Query` → `Query`); CreateTable is never granted. */
const ITEM_COMMANDS = new Set(['Get', 'Put', 'Update', 'Delete', 'BatchWrite', 'BatchGet']);
const SAME_NAME_COMMANDS = new Set(['Query', 'Scan', 'DescribeTable']);
function iamAction(command: string): string | null {
  if (ITEM_COMMANDS.has(command)) return `dynamodb:${command}Item`;
  if (SAME_NAME_COMMANDS.has(command)) return `dynamodb:${command}`;
  // Only when the bot creates its own tables (never under this template, which owns them).
  if (command === 'CreateTable' || command === 'UpdateTimeToLive') return null;
  throw new Error(`map ${command}Command to its IAM action`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Per table: the IAM actions the code performs on it, read from the sources. */
function actionsUsedByCode(): Map<TableKey, Set<string>> {
  const used = new Map<TableKey, Set<string>>(Object.keys(TABLES).map((k) => [k as TableKey, new Set()]));
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const source = readFileSync(file, 'utf8');
    if (!/from '@aws-sdk\/(lib|client)-dynamodb'/.test(source)) continue;
    const commands = [...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1] ?? '');
    if (commands.length === 0) continue;
    const path = relative(ROOT, file);
    const table = STORE_FILES[path];
    if (!table) throw new Error(`${path} sends DynamoDB commands: add it to STORE_FILES and the policy`);
    for (const command of commands) {
      const action = iamAction(command);
      if (action === null) continue;
      for (const [key, set] of used) if (table === 'all' || table === key) set.add(action);
    }
  }
  return used;
}

const PREFIX = 'acme-prod.';

describe('deploy/cloudformation.yaml', () => {
  it('reads the same under YAML 1.1 rules as under 1.2 (no unquoted N, Y, on, off)', () => {
    expect(parse(TEMPLATE_TEXT, { version: '1.1' })).toEqual(TEMPLATE);
  });

  it('defines every table the code creates, with the same keys, attributes, indexes, billing and TTL', () => {
    for (const prefix of [PREFIX, 'voicedesk-']) expect(templateShapes(prefix)).toEqual(codeShapes(prefix));
  });

  it('would notice a table or an index added in code but not in the template', () => {
    const inputs = allTableInputs(PREFIX);
    const extraTable = { ...inputs[0], TableName: `${PREFIX}refunds` };
    expect(templateShapes(PREFIX)).not.toEqual(codeShapes(PREFIX, [...inputs, extraTable]));
    const [first, ...rest] = inputs;
    const extraIndex: CreateTableCommandInput = {
      ...first,
      TableName: first?.TableName ?? '',
      GlobalSecondaryIndexes: [
        ...(first?.GlobalSecondaryIndexes ?? []),
        {
          IndexName: 'byStatus',
          KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' as const }],
          Projection: { ProjectionType: 'KEYS_ONLY' as const },
        },
      ],
    };
    expect(templateShapes(PREFIX)).not.toEqual(codeShapes(PREFIX, [extraIndex, ...rest]));
  });

  it('protects every table: point-in-time recovery, deletion protection, retained on stack deletion', () => {
    const resources = Object.values(section('Resources')).filter(
      (r) => (r as Obj).Type === 'AWS::DynamoDB::Table',
    ) as Obj[];
    expect(resources).toHaveLength(Object.keys(TABLES).length);
    for (const r of resources) {
      const p = r.Properties as Obj;
      expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(p.DeletionProtectionEnabled).toBe(true);
      expect([r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    }
  });

  it('grants each table exactly the DynamoDB actions its store performs, and Query on every index', () => {
    const statements = policyStatements({ TablePrefix: PREFIX });
    const names = tableNames(PREFIX);
    for (const [key, actions] of actionsUsedByCode()) {
      expect([...grantedOn(statements, tableArn(names[key]))].sort(), key).toEqual([...actions].sort());
      for (const index of TABLES[key].indexes) {
        expect([...grantedOn(statements, `${tableArn(names[key])}/index/${index.name}`)], index.name).toEqual(
          ['dynamodb:Query'],
        );
      }
    }
    const granted = new Set(
      statements.flatMap((s) => s.Resource).filter((r) => r.startsWith('arn:aws:dynamodb:')),
    );
    const expected = Object.entries(TABLES).flatMap(([key, t]) => {
      const arn = tableArn(names[key as TableKey]);
      return [arn, ...t.indexes.map((i) => `${arn}/index/${i.name}`)];
    });
    expect([...granted].sort()).toEqual(expected.sort());
  });

  it('has no wildcard actions or resources and never allows creating or deleting tables', () => {
    const statements = policyStatements({ SummaryFallbackModelId1: 'amazon.nova-lite-v1:0' });
    for (const s of statements) {
      expect(s.Effect).toBe('Allow');
      for (const text of [...s.Action, ...s.Resource]) expect(text).not.toContain('*');
      expect(s.Action).not.toContain('dynamodb:CreateTable');
      expect(s.Action).not.toContain('dynamodb:DeleteTable');
    }
  });

  it('lets the bot stream with the Nova Sonic model and Converse with the summary models only', () => {
    const defaults = loadConfig({}, { requireDiscordToken: false });
    const params = section('Parameters');
    expect((params.SonicModelId as Obj).Default).toBe(defaults.sonic.modelId);
    expect((params.SummaryModelId as Obj).Default).toBe(defaults.summary.modelId);

    const plain = policyStatements();
    expect(grantedOn(plain, modelArn(defaults.sonic.modelId))).toEqual(
      new Set(['bedrock:InvokeModel', 'bedrock:InvokeModelWithBidirectionalStream']),
    );
    expect(grantedOn(plain, modelArn(defaults.summary.modelId))).toEqual(new Set(['bedrock:InvokeModel']));
    const models = plain.flatMap((s) => s.Resource).filter((r) => r.includes(':bedrock:'));
    expect(models.sort()).toEqual(
      [modelArn(defaults.sonic.modelId), modelArn(defaults.summary.modelId)].sort(),
    );

    const withFallbacks = policyStatements({
      SummaryFallbackModelId1: 'amazon.nova-lite-v1:0',
      SummaryFallbackModelId2: 'amazon.nova-micro-v1:0',
    });
    for (const id of ['amazon.nova-lite-v1:0', 'amazon.nova-micro-v1:0']) {
      expect(grantedOn(withFallbacks, modelArn(id))).toEqual(new Set(['bedrock:InvokeModel']));
    }
  });

  it('outputs every table name and the policy ARN', () => {
    const outputs = render({ TablePrefix: PREFIX }).Outputs as Obj;
    const values = Object.values(outputs).map((o) => (o as Obj).Value);
    for (const name of Object.values(tableNames(PREFIX))) expect(values).toContain(name);
    expect((outputs.BotPolicyArn as Obj).Value).toBe(`arn:aws:iam::${ACCOUNT}:policy/BotPolicy`);
  });
});
