import type { ApolloServerPlugin } from '@apollo/server';
import { gatewayPrincipal } from '@kita/core';
import { ErrorCode } from '@kita/schema';
import { BREAK, type DocumentNode, GraphQLError, type GraphQLSchema, Kind, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import type { SubgraphContext } from './context.js';

/** `Type.field` of every field the subgraph SDL marks `@inaccessible` (asked only by the gateway, e.g. `childClaims`). */
export function inaccessibleFieldsOf(sdl: string): Set<string> {
  const fields = new Set<string>();
  for (const definition of parse(sdl).definitions) {
    if ((definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && definition.fields) {
      for (const field of definition.fields) {
        if (field.directives?.some((directive) => directive.name.value === 'inaccessible')) fields.add(`${definition.name.value}.${field.name.value}`);
      }
    }
  }
  return fields;
}

/** The gateway-only field a document asks for, if any: introspection, `_service` or an `@inaccessible` field. */
function gatewayOnlyFieldIn(schema: GraphQLSchema, document: DocumentNode, inaccessible: Set<string>): string | undefined {
  const typeInfo = new TypeInfo(schema);
  let found: string | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const name = node.name.value;
        const parent = typeInfo.getParentType()?.name;
        if (name === '__schema' || name === '__type' || name === '_service' || (parent && inaccessible.has(`${parent}.${name}`))) {
          found = name;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return found;
}

/**
 * Only the gateway (a valid service token of the gateway's key) may introspect a subgraph, read
 * its SDL or ask its `@inaccessible` fields: straight to a subgraph port, these would reveal
 * more than the API schema (e.g. per-child claims). Documents that name none of them by text
 * are not walked at all.
 */
export function gatewayOnly(sdl: string): ApolloServerPlugin<SubgraphContext<unknown>> {
  const inaccessible = inaccessibleFieldsOf(sdl);
  const names = ['__schema', '__type', '_service', ...new Set([...inaccessible].map((field) => field.split('.')[1]))];
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ source, document, schema, contextValue }) {
          if (contextValue.service === gatewayPrincipal || !names.some((name) => source.includes(name))) return;
          const field = gatewayOnlyFieldIn(schema, document, inaccessible);
          if (field) {
            throw new GraphQLError(`"${field}" answers the gateway only.`, { extensions: { code: ErrorCode.Forbidden, http: { status: 403 } } });
          }
        },
      };
    },
  };
}
