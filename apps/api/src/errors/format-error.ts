/**
 * Apollo's formatError: type-graphql's input validation failures become one readable line
 * ("externalId: externalId must be longer than or equal to 1 characters"), keeping their code.
 */
import type { GraphQLFormattedError } from 'graphql';

interface ValidationIssue {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationIssue[];
}

function issues(list: readonly ValidationIssue[], prefix = ''): string[] {
  return list.flatMap((v) => {
    const path = prefix ? `${prefix}.${v.property}` : v.property;
    return [...Object.values(v.constraints ?? {}).map((c) => `${path}: ${c}`), ...issues(v.children ?? [], path)];
  });
}

export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const validation = formatted.extensions?.validationErrors as ValidationIssue[] | undefined;
  if (!validation?.length) return formatted;
  const { validationErrors: _dropped, ...extensions } = formatted.extensions!;
  return { ...formatted, message: issues(validation).join('; ') || formatted.message, extensions: { ...extensions, code: 'BAD_USER_INPUT' } };
}
