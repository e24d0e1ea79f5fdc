// The parent portal's operations (clients/portal). Every app keeps its operations in a file of this
// folder; the generated `graphql()` types them and persisted-documents.json lists each by its hash.
import { graphql } from '../gql/index.js';

// Registry fields only: answered by the gateway's own registry, so the gateway's response cache
// keeps it and no municipality is asked. The caps come from MunicipalityCap, for the few
// municipalities a parent deals with.
export const MunicipalitiesQuery = graphql(`
  query Municipalities {
    municipalities {
      key
      name
      kind
      districts
      theme {
        primaryColor
        logoUrl
      }
      parent {
        key
      }
    }
  }
`);

// One municipality's cap of choices per reservation (Municipality.maxChoices), from its reservation
// instance: one request to that municipality only. The schema selects municipalities by one key
// (municipalityByKey), so the portal asks this once per municipality on the shortlist.
export const MunicipalityCapQuery = graphql(`
  query MunicipalityCap($key: String!) {
    municipalityByKey(key: $key) {
      key
      maxChoices
    }
  }
`);

export const SearchFacilitiesQuery = graphql(`
  query SearchFacilities(
    $municipalities: [String!]
    $near: GeoPointInput
    $orderBy: FacilityOrder!
    $filter: FacilityFilter
    $first: Int!
    $after: String
  ) {
    facilities(municipalities: $municipalities, near: $near, orderBy: $orderBy, filter: $filter, first: $first, after: $after) {
      totalCount
      missingMunicipalities
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        distanceKm
        node {
          id
          name
          kind
          municipality
          carrier
          boundToResidence
          address {
            ...FacilityAddress
          }
          location {
            latitude
            longitude
          }
          ageRange {
            fromMonths
            toMonths
          }
          availability
          freePlaces
          vacancies {
            id
            places
            hoursBand
            availableFrom
            availableUntil
          }
        }
      }
    }
  }
`);

export const FacilityMarkersQuery = graphql(`
  query FacilityMarkers($municipalities: [String!], $near: GeoPointInput, $filter: FacilityFilter) {
    facilityMarkers(municipalities: $municipalities, near: $near, filter: $filter) {
      id
      kind
      name
      latitude
      longitude
      freePlaces
      availability
    }
  }
`);

export const FacilityQuery = graphql(`
  query Facility($id: ID!) {
    facility(id: $id) {
      ...FacilityProfile
      capacity
      ageRange {
        fromMonths
        toMonths
      }
      permit {
        validUntil
        maxChildren
      }
      media {
        id
        kind
        url
        altText
        caption
        fileName
      }
      availability
      freePlaces
      vacancies {
        ...FacilityVacancy
      }
    }
  }
`);

export const MyReservationPartsQuery = graphql(`
  query MyReservationParts {
    myReservationParts {
      id
      municipality
      applicationKey
      wishedStart
      hoursPerWeek
      submittedAt
      updatedAt
      child {
        firstName
        lastName
        birthDate
      }
      legalClaim {
        kind
        description
      }
      choices {
        id
        rank
        status
        offerDeadline
        statusChangedAt
        facility {
          id
          name
          kind
          municipality
        }
        history {
          at
          fromStatus
          toStatus
          actorRole
          reason
          description
        }
      }
    }
  }
`);

/** What the portal keeps of a saved or submitted part: its key, state and choices. */
export const PortalSavedPartFragment = graphql(`
  fragment PortalSavedPart on ReservationPart {
    id
    municipality
    applicationKey
    submittedAt
    choices {
      id
      rank
      status
    }
  }
`);

export const SaveReservationDraftMutation = graphql(`
  mutation SaveReservationDraft($municipality: String!, $input: ReservationDraftInput!) {
    saveReservationDraft(municipality: $municipality, input: $input) {
      ...PortalSavedPart
    }
  }
`);

export const SubmitReservationMutation = graphql(`
  mutation SubmitReservation($municipality: String!, $applicationKey: ID!, $idempotencyKey: String!) {
    submitReservation(municipality: $municipality, applicationKey: $applicationKey, idempotencyKey: $idempotencyKey) {
      ...PortalSavedPart
    }
  }
`);

export const AcceptOfferMutation = graphql(`
  mutation AcceptOffer($id: ID!) {
    acceptOffer(id: $id) {
      id
      status
    }
  }
`);

export const DeclineOfferMutation = graphql(`
  mutation DeclineOffer($id: ID!, $reason: String) {
    declineOffer(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

export const WithdrawReservationMutation = graphql(`
  mutation WithdrawReservation($id: ID!, $reason: String) {
    withdrawReservation(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

export const NotificationSettingsQuery = graphql(`
  query NotificationSettings($municipality: String!) {
    notificationSettings(municipality: $municipality) {
      ...NotificationSettingsFields
    }
  }
`);

export const SetNotificationSettingsMutation = graphql(`
  mutation SetNotificationSettings($municipality: String!, $language: String!, $disabledKinds: [NotificationKind!]!) {
    setNotificationSettings(municipality: $municipality, language: $language, disabledKinds: $disabledKinds) {
      ...NotificationSettingsFields
    }
  }
`);
