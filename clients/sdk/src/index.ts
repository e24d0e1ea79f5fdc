export {
  createKitaCache,
  createKitaClient,
  errorCode,
  type KitaClientOptions,
  municipalityUnavailable,
  otherErrors,
  partialAnswer,
  partialAnswerAt,
} from './client.js';
// The typed documents (e.g. SearchFacilitiesDocument) and the schema's types; their source is operations/ (one file per app).
export * from './gql/graphql.js';
