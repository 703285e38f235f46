/**
 * Every string a client sends is valid UTF-8 without NUL bytes, or the request is refused as
 * BAD_USER_INPUT naming where the string was — before anything executes. PostgreSQL refuses NUL
 * in text (its error would otherwise reach the client as INTERNAL_SERVER_ERROR), and a body that
 * is not UTF-8 would be decoded with replacement characters: stored text the client never sent.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { type ASTNode, Kind, visit } from 'graphql';
import { badInput } from '../errors/api-error';

/** A UTF-16 surrogate without its pair: no UTF-8 encodes it (JSON's "\ud800" can write one). */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string, if anything. */
export function badText(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL byte';
  if (UNPAIRED_SURROGATE.test(s)) return 'contains an unpaired surrogate (not valid UTF-8)';
  return undefined;
}

/** The first bad string inside a JSON value: its path and what is wrong. */
export function findBadString(value: unknown, path: string): { path: string; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = badText(value);
    return problem ? { path, problem } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadString(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const found = badText(key) ? { path: `${path} (a key)`, problem: badText(key)! } : findBadString(v, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** The first bad string literal written in the document, named by the argument it is given to. */
function findBadLiteral(document: ASTNode): { path: string; problem: string } | undefined {
  let found: { path: string; problem: string } | undefined;
  const fields: string[] = [];
  visit(document, {
    Field: { enter: (node) => void fields.push(node.name.value), leave: () => void fields.pop() },
    Argument(node) {
      if (found) return;
      visit(node.value, {
        StringValue(literal) {
          const problem = badText(literal.value);
          if (problem && !found) found = { path: `argument '${node.name.value}' of ${fields[fields.length - 1] ?? 'the operation'}`, problem };
        },
      });
    },
    StringValue(literal, _key, parent) {
      // Default values of variables and any other literal outside an argument.
      const problem = badText(literal.value);
      if (problem && !found && (parent as ASTNode | undefined)?.kind !== Kind.ARGUMENT) found = { path: 'a string in the query', problem };
    },
  });
  return found;
}

export function inputHygienePlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const bad = findBadLiteral(document) ?? Object.entries(request.variables ?? {}).map(([name, v]) => findBadString(v, `variable $${name}`)).find(Boolean);
          if (bad) throw badInput(`${bad.path} ${bad.problem}: strings must be valid UTF-8 without NUL bytes`);
        },
      };
    },
  };
}

/** express.json's `verify`: the raw body must be UTF-8. */
export function requireUtf8Body(_req: IncomingMessage, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw Object.assign(new Error('the request body is not valid UTF-8'), { type: 'encoding.invalid', status: 400 });
}
