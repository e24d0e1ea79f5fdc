import { graphql } from '../gql/index.js';

// The selection sets that operations of more than one app share: each field list lives here once, and
// every operation that selects it spreads the fragment (fragment masking is off, so the fields stay in
// the operation's result type). A fragment only one app uses stays in that app's file.

export const FacilityAddressFragment = graphql(`
  fragment FacilityAddress on Address {
    street
    postalCode
    city
    district
  }
`);

export const FacilityPermitFragment = graphql(`
  fragment FacilityPermit on Permit {
    number
    issuedOn
    validUntil
    maxChildren
  }
`);

/** The profile a provider writes (updateFacilityProfile takes every item), as the portal, the provider and the office show it. */
export const FacilityProfileFragment = graphql(`
  fragment FacilityProfile on Facility {
    id
    municipality
    kind
    name
    carrier
    carrierType
    description
    address {
      ...FacilityAddress
    }
    location {
      latitude
      longitude
    }
    contact {
      phone
      email
      website
    }
    concepts
    languages
    meals
    accessibility
    openingHours {
      weekday
      opens
      closes
    }
    groups {
      name
      ageRange {
        fromMonths
        toMonths
      }
      hoursBand
      capacity
    }
    boundToResidence
  }
`);

/** A profile edit waiting for the office: each changed item with its published and proposed value. */
export const FacilityPendingRevisionFragment = graphql(`
  fragment FacilityPendingRevision on FacilityRevision {
    submittedAt
    changes {
      field
      published
      proposed
    }
  }
`);

/** One step of a profile's publication history. */
export const FacilityStatusChangeFragment = graphql(`
  fragment FacilityStatusChange on FacilityTransition {
    fromStatus
    toStatus
    actorRole
    reason
    at
  }
`);

export const FacilityVacancyFragment = graphql(`
  fragment FacilityVacancy on Vacancy {
    id
    places
    ageRange {
      fromMonths
      toMonths
    }
    hoursBand
    availableFrom
    availableUntil
  }
`);

/** A parent's or an office's mail settings in one municipality. */
export const NotificationSettingsFieldsFragment = graphql(`
  fragment NotificationSettingsFields on NotificationSettings {
    municipality
    language
    disabledKinds
    kinds
    requiredKinds
  }
`);
