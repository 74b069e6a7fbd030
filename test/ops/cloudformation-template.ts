/**
 * Reads deploy/cloudformation.yaml and resolves it for given parameters: a small evaluator of the
 * intrinsics the template uses (Ref, Fn::Sub, Fn::GetAtt …Arn, Fn::If, Fn::Equals, Fn::Not), so tests
 * compare concrete table names and ARNs. Anything else throws, so the template cannot outgrow it
 * silently.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type Node = null | boolean | number | string | Node[] | { [key: string]: Node };
export type Obj = { [key: string]: Node };

export const ROOT = join(import.meta.dirname, '..', '..');
export const TEMPLATE_TEXT = readFileSync(join(ROOT, 'deploy/cloudformation.yaml'), 'utf8');
export const TEMPLATE = parse(TEMPLATE_TEXT) as Obj;
export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';

const NO_VALUE = Symbol('AWS::NoValue');
type Value = Node | typeof NO_VALUE;

/** A scalar as text (parameter defaults, names); anything else is a template mistake. */
export function text(n: Node | undefined): string {
  if (n === undefined || n === null) return '';
  if (typeof n === 'object') throw new Error(`expected a scalar, got ${JSON.stringify(n)}`);
  return String(n);
}

export const isObj = (n: unknown): n is Obj => typeof n === 'object' && n !== null && !Array.isArray(n);
export const section = (name: string): Obj => TEMPLATE[name] as Obj;
export const tableArn = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
export const modelArn = (id: string) => `arn:aws:bedrock:${REGION}::foundation-model/${id}`;

const PSEUDO: Record<string, string> = {
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::Partition': 'aws',
};

class Evaluator {
  readonly #params: Record<string, string>;
  readonly #resources = section('Resources');

  constructor(overrides: Record<string, string>) {
    this.#params = {};
    for (const [name, def] of Object.entries(section('Parameters'))) {
      this.#params[name] = overrides[name] ?? text((def as Obj).Default);
    }
  }

  evaluate(node: Node | undefined): Value {
    if (Array.isArray(node))
      return node.map((n) => this.evaluate(n)).filter((v): v is Node => v !== NO_VALUE);
    if (!isObj(node)) return node ?? null;
    const [key, arg] = Object.entries(node)[0] ?? [];
    if (key === 'Ref' || key?.startsWith('Fn::')) return this.#intrinsic(key, arg);
    const out: Obj = {};
    for (const [k, v] of Object.entries(node)) {
      const value = this.evaluate(v);
      if (value !== NO_VALUE) out[k] = value;
    }
    return out;
  }

  #intrinsic(key: string, arg: Node | undefined): Value {
    const args = arg as Node[];
    switch (key) {
      case 'Ref':
        return arg === 'AWS::NoValue' ? NO_VALUE : this.#ref(text(arg));
      case 'Fn::Sub':
        return text(arg).replace(/\$\{([^}.]+)(?:\.([^}]+))?\}/g, (_m, name: string, attr?: string) =>
          attr ? this.#getAtt(name, attr) : this.#ref(name),
        );
      case 'Fn::GetAtt':
        return this.#getAtt(text(args[0]), text(args[1]));
      case 'Fn::Equals':
        return this.evaluate(args[0]) === this.evaluate(args[1]);
      case 'Fn::Not':
        return !this.evaluate(args[0]);
      case 'Fn::If':
        return this.evaluate(this.evaluate(section('Conditions')[text(args[0])]) ? args[1] : args[2]);
    }
    throw new Error(`unsupported intrinsic ${key}`);
  }

  #ref(name: string): string {
    if (name in this.#params) return this.#params[name] ?? '';
    if (name in PSEUDO) return PSEUDO[name] ?? '';
    const resource = this.#resources[name] as Obj | undefined;
    if (resource?.Type === 'AWS::DynamoDB::Table') return this.#tableName(name);
    if (resource) return `arn:aws:iam::${ACCOUNT}:policy/${name}`;
    throw new Error(`unknown Ref ${name}`);
  }

  #getAtt(id: string, attr: string): string {
    if (attr !== 'Arn') throw new Error(`unsupported GetAtt ${id}.${attr}`);
    return tableArn(this.#tableName(id));
  }

  #tableName(id: string): string {
    return text(this.evaluate(((this.#resources[id] as Obj).Properties as Obj).TableName) as Node);
  }
}

/** The whole template with these parameter values (defaults for the rest). */
export function render(overrides: Record<string, string> = {}): Obj {
  return new Evaluator(overrides).evaluate(TEMPLATE) as Obj;
}

/** The Properties of every resource of `type` in a rendered template. */
export function resourcesOfType(rendered: Obj, type: string): Obj[] {
  return Object.values(rendered.Resources as Obj)
    .filter((r) => isObj(r) && r.Type === type)
    .map((r) => (r as Obj).Properties as Obj);
}
