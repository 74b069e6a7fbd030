/**
 * No user-facing English outside the message catalogue. Every string and template literal in
 * src/ is parsed with the TypeScript compiler; those that read like an English phrase (three or
 * more words, or a capitalised two-word label) and are not log messages, thrown errors, string
 * comparisons, module names or slash command builder text (which command-localizations.test.ts
 * compares with the catalogue) are findings. A heuristic: single-word labels ("Duration") pass
 * unseen, so a migrated file is migrated as a whole, not by what this finds. Files not yet
 * moved onto the catalogue are listed in NOT_YET_MIGRATED with what is left; the list may only
 * shrink: a listed file without findings fails too, so it is removed when it is migrated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** Not read by Discord members or speakers: the catalogue itself, and what operators read. */
const OUT_OF_SCOPE = [
  /^src\/i18n\//, // the catalogue
  /^src\/cli\//, // operator commands (deploy, import, demo, talk)
  /^src\/config\.ts$/, // configuration errors, for whoever starts the bot
  /^src\/db\//, // storage errors, for operators
  /^src\/ops\//, // Prometheus metric help
  /^src\/orders\/import-schema\.ts$/, // order import validation (`npm run orders -- import`)
  /^src\/orders\/import\.ts$/, // import conflict reasons, printed by `npm run orders -- import`
  /^src\/bedrock\/sonic\/trace-report\.ts$/, // the probe's trace report (`npm run probe`)
];

/**
 * Single literals reviewed and found not user-facing although the heuristic cannot tell, by file:
 * reason codes that only reach logs and typed events, and storage expressions. Exact texts, so a
 * new literal in the same file is still checked; a listed text no longer in its file fails.
 */
const NOT_USER_FACING: Readonly<Record<string, readonly string[]>> = {
  // the `rotated` event's and the rotation log line's reason
  'src/bedrock/sonic/session.ts': ['forced at a reply boundary'],
  // why a session lease was lost, for the warn log line
  'src/calls/fleet-leases.ts': ['expired before its renewal', 'taken by another holder'],
  // a DynamoDB filter expression
  'src/calls/call-retention.ts': ['endedAt < :cutoff AND #state IN (:posted, :empty, :failed)'],
};

/**
 * Files whose user-facing (or model-facing) text is still English in code, with where it goes.
 * #14 continues in later sessions; this list only shrinks.
 */
const NOT_YET_MIGRATED: Readonly<Record<string, string>> = {
  'src/commands/help.ts': 'help text (cmd.* has the command descriptions)',
  'src/commands/order.ts': '/order errors (order.error.* ready)',
  'src/commands/voice-text.ts':
    '/voice replies (join refusals, join role, shedding, forget-me included), per interaction.locale',
  'src/commands/voicedesk.ts':
    'settings replies (join role, order update default and permission checks included)',
  'src/discord/router.ts': 'apologies for failed commands, per interaction.locale',
  'src/orders/tools.ts':
    'tool result texts (tool.* ready) once tools know the speaker’s language; tool specs are for the model',
  'src/orders/tool-errors.ts': 'tool error texts (tool.error.* ready), same seam as tools.ts',
  'src/calls/notices.ts': 'session cap notices (notice.cap* ready), per speaker language',
  'src/calls/presence.ts': 'consent notice (notice.consent* ready), per guild language',
  'src/calls/speaker.ts':
    'reconnect and busy (throttled) notices, and the refusal the model reads for unaddressed turns',
  'src/calls/summary-embed.ts': 'embed labels (summary.* ready), per guild language',
  'src/calls/summary-job.ts': 'summary progress and failure messages, per guild language',
  'src/voice/service.ts':
    'lost-connection (notice.voiceLost ready), Discord-ended and undecryptable-speaker (DAVE) notices',
  'src/bedrock/sonic/tool-runner.ts': 'tool failure texts the model reads',
  'src/bedrock/summary/prompt.ts': 'summary prompt: summary in the guild language',
  'src/bedrock/summary/summarize.ts': 'summary tool description, for the model',
  'src/bedrock/summary/types.ts': 'summary schema descriptions, for the model',
  'src/orders/store.ts':
    'the history note of an address change, shown by /order status and spoken: render it from `change: address` per reader',
};

/** Receivers whose computed-level calls are log lines: `log[level](fields, 'message')`. */
const LOGGERS = new Set(['log', 'logger']);
/**
 * Slash command builder calls: their English is compared word for word with the catalogue's
 * `cmd.*` messages (command-localizations.test.ts) and localized where commands are registered.
 */
const COMMAND_BUILDER_METHODS = new Set(['setName', 'setDescription']); // and addChoices' names

/** Logger methods, and string tests: their text is never shown to anyone. */
const INTERNAL_METHODS = new Set([
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
  'startsWith',
  'endsWith',
  'includes',
]);
const COMPARISONS = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);
/** Three or more words, or a capitalised two-word label ("Action items"). Single words slip by. */
const ENGLISH_PHRASE = /\b[A-Za-z][a-z’']*(?:[ ,;:]+[A-Za-z][a-z’']*){2,}|^[A-Z][a-z’']+ [a-z’']{2,}\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Text the code says to no user: logs, thrown errors, imports, property names, types. */
function isInternal(node: ts.Node): boolean {
  let parent = node.parent;
  // `'a' + 'b'`, `x ? 'a' : 'b'` and `('a')` count as the expression they are part of
  while (
    ts.isBinaryExpression(parent) ||
    ts.isConditionalExpression(parent) ||
    ts.isParenthesizedExpression(parent)
  ) {
    if (ts.isBinaryExpression(parent) && COMPARISONS.has(parent.operatorToken.kind)) return true;
    parent = parent.parent;
  }
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isImportTypeNode(parent))
    return true;
  if (ts.isLiteralTypeNode(parent) || (ts.isPropertyAssignment(parent) && parent.name === node)) return true;
  if (ts.isPropertyAssignment(parent) && isCommandChoice(parent)) return true;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const callee = parent.expression;
    if (ts.isPropertyAccessExpression(callee) && INTERNAL_METHODS.has(callee.name.text)) return true;
    if (ts.isPropertyAccessExpression(callee) && COMMAND_BUILDER_METHODS.has(callee.name.text)) return true;
    if (ts.isElementAccessExpression(callee) && LOGGERS.has(receiverName(callee.expression))) return true;
    if (callee.kind === ts.SyntaxKind.SuperKeyword) return true;
    if (ts.isNewExpression(parent) && ts.isIdentifier(callee) && callee.text.endsWith('Error')) return true;
  }
  return false;
}

/** `{ name: 'order update default', value: … }` given to a builder's `addChoices(…)`. */
function isCommandChoice(property: ts.PropertyAssignment): boolean {
  const call = property.parent.parent;
  return (
    ts.isIdentifier(property.name) &&
    property.name.text === 'name' &&
    ts.isCallExpression(call) &&
    ts.isPropertyAccessExpression(call.expression) &&
    call.expression.name.text === 'addChoices'
  );
}

/** `log` for `log`, `this.log` and `this.#options.log`; empty for anything else. */
function receiverName(node: ts.Expression): string {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return '';
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' {} ');
  return undefined;
}

function englishLiterals(file: string, reviewed: readonly string[] = []): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    if (text !== undefined) {
      if (!isInternal(node) && ENGLISH_PHRASE.test(text) && !reviewed.includes(text)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${line + 1}: ${text.slice(0, 70)}`);
      }
      return; // a template's spans are code, already covered by its own literals
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const findings = new Map(
  sourceFiles(join(ROOT, 'src'))
    .map((file) => relative(ROOT, file).split('\\').join('/'))
    .filter((file) => !OUT_OF_SCOPE.some((pattern) => pattern.test(file)))
    .map((file) => [file, englishLiterals(join(ROOT, file), NOT_USER_FACING[file])] as const)
    .filter(([, found]) => found.length > 0),
);

describe('user-facing English lives in the message catalogue', () => {
  it('finds no English phrase in code outside the files still to migrate', () => {
    const unexpected = [...findings].filter(([file]) => !(file in NOT_YET_MIGRATED));
    expect(Object.fromEntries(unexpected)).toEqual({});
  });

  it('lists only reviewed literals that are still in their files', () => {
    const stale = Object.entries(NOT_USER_FACING).flatMap(([file, texts]) => {
      const source = readFileSync(join(ROOT, file), 'utf8');
      return texts.filter((text) => !source.includes(text)).map((text) => `${file}: ${text}`);
    });
    expect(stale).toEqual([]);
  });

  it('lists only files that still have English in them (the list shrinks as files migrate)', () => {
    const done = Object.keys(NOT_YET_MIGRATED).filter((file) => !findings.has(file));
    expect(done).toEqual([]);
  });
});
