import { graphql } from '../gql/index.js';

// The office area of the workspace (clients/office/src/office): the municipal Jugendamt or
// Familienbüro reviews profiles and permits, works the queue of Vormerkungen, runs allocations,
// clears placement conflicts, reviews duplicates and files Vormerkungen for families.

export const DeskFacilityRowFragment = graphql(`
  fragment DeskFacilityRow on Facility {
    id
    name
    kind
    municipality
    publicationStatus
    address {
      ...FacilityAddress
    }
    permit {
      ...FacilityPermit
    }
  }
`);

/** Profiles of the municipality by publication status (SUBMITTED for review; Tagespflege for permits). */
export const DeskFacilitiesQuery = graphql(`
  query DeskFacilities($municipality: String!, $filter: FacilityFilter, $after: String) {
    facilities(municipalities: [$municipality], filter: $filter, first: 100, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...DeskFacilityRow
        }
      }
    }
  }
`);

/** One profile as the office sees it: everything a reviewer compares, with its history. */
export const DeskFacilityQuery = graphql(`
  query DeskFacility($id: ID!) {
    facility(id: $id) {
      ...DeskFacilityRow
      ...FacilityProfile
      capacity
      ageRange {
        fromMonths
        toMonths
      }
      media {
        id
        kind
        url
        fileName
        altText
      }
      pendingRevision {
        ...FacilityPendingRevision
      }
      history {
        ...FacilityStatusChange
      }
    }
  }
`);

export const DeskPublishFacilityMutation = graphql(`
  mutation DeskPublishFacility($id: ID!) {
    publishFacility(id: $id) {
      id
      publicationStatus
    }
  }
`);

export const DeskRejectFacilityMutation = graphql(`
  mutation DeskRejectFacility($id: ID!, $reason: String!) {
    rejectFacility(id: $id, reason: $reason) {
      id
      publicationStatus
    }
  }
`);

export const DeskRecordPermitMutation = graphql(`
  mutation DeskRecordPermit($facilityId: ID!, $input: PermitInput!) {
    recordPermit(facilityId: $facilityId, input: $input) {
      id
      publicationStatus
      permit {
        ...FacilityPermit
      }
    }
  }
`);

export const DeskReservationRowFragment = graphql(`
  fragment DeskReservationRow on Reservation {
    id
    status
    rank
    wishedStart
    hoursPerWeek
    hoursBand
    childBirthDate
    offerDeadline
    residenceException
    statusChangedAt
    facility {
      id
      name
      kind
      boundToResidence
    }
    part {
      id
      municipality
      submittedAt
      childPseudonym
      kindsOfCare
      child {
        firstName
        lastName
      }
      guardians {
        address {
          residenceMunicipality
        }
      }
    }
  }
`);

/** The work queue of released choices, oldest submission first; kind of care and age group are filtered on the page. */
export const DeskReservationQueueQuery = graphql(`
  query DeskReservationQueue(
    $municipality: String!
    $facilityId: ID
    $status: [ReservationStatus!]
    $wishedStartFrom: LocalDate
    $wishedStartUntil: LocalDate
    $kindsOfCare: [FacilityKind!]
    $ageGroups: [AgeGroup!]
    $after: String
  ) {
    reservationQueue(
      municipality: $municipality
      facilityId: $facilityId
      status: $status
      wishedStartFrom: $wishedStartFrom
      wishedStartUntil: $wishedStartUntil
      kindsOfCare: $kindsOfCare
      ageGroups: $ageGroups
      first: 100
      after: $after
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...DeskReservationRow
        }
      }
    }
  }
`);

export const DeskStartReviewMutation = graphql(`
  mutation DeskStartReview($id: ID!) {
    startReview(id: $id) {
      ...DeskReservationRow
    }
  }
`);

export const DeskMakeOfferMutation = graphql(`
  mutation DeskMakeOffer($id: ID!, $deadline: LocalDate!) {
    makeOffer(id: $id, deadline: $deadline) {
      ...DeskReservationRow
    }
  }
`);

export const DeskGrantResidenceExceptionMutation = graphql(`
  mutation DeskGrantResidenceException($id: ID!, $reason: String!) {
    grantResidenceException(id: $id, reason: $reason) {
      ...DeskReservationRow
    }
  }
`);

export const DeskAllocationRunFragment = graphql(`
  fragment DeskAllocationRun on AllocationRun {
    id
    status
    createdAt
    createdBy
    priorities
    childCount
    matchedCount
    blockingPairs
    offerDeadline
    confirmedAt
    confirmedBy
    discardedAt
    discardedBy
    byRank {
      rank
      children
    }
    proposals {
      rank
      facility {
        id
        name
      }
      reservation {
        id
        part {
          id
        }
      }
    }
  }
`);

export const DeskAllocationRunsQuery = graphql(`
  query DeskAllocationRuns($municipality: String!) {
    allocationRuns(municipality: $municipality, first: 10) {
      totalCount
      edges {
        node {
          ...DeskAllocationRun
        }
      }
    }
  }
`);

export const DeskPreviewAllocationMutation = graphql(`
  mutation DeskPreviewAllocation($municipality: String!) {
    previewAllocation(municipality: $municipality) {
      ...DeskAllocationRun
    }
  }
`);

export const DeskConfirmAllocationMutation = graphql(`
  mutation DeskConfirmAllocation($runId: ID!, $deadline: LocalDate!) {
    confirmAllocation(runId: $runId, deadline: $deadline) {
      ...DeskAllocationRun
    }
  }
`);

export const DeskDiscardAllocationMutation = graphql(`
  mutation DeskDiscardAllocation($runId: ID!) {
    discardAllocation(runId: $runId) {
      ...DeskAllocationRun
    }
  }
`);

export const DeskPlacementConflictsQuery = graphql(`
  query DeskPlacementConflicts($municipality: String!, $includeResolved: Boolean!) {
    placementConflicts(municipality: $municipality, includeResolved: $includeResolved) {
      id
      otherMunicipality
      detectedAt
      resolvedAt
      resolution
      reservation {
        id
        wishedStart
        facility {
          id
          name
        }
        part {
          id
          childPseudonym
        }
      }
      otherFacility {
        id
        name
      }
    }
  }
`);

export const DeskResolvePlacementConflictMutation = graphql(`
  mutation DeskResolvePlacementConflict($id: ID!, $resolution: String!) {
    resolvePlacementConflict(id: $id, resolution: $resolution) {
      id
      resolvedAt
      resolution
    }
  }
`);

export const DeskUndeliverableFragment = graphql(`
  fragment DeskUndeliverable on UndeliverableNotification {
    id
    kind
    status
    address
    error
    createdAt
  }
`);

/** The mails that did not arrive: the reservation subgraph's (families, NEW_RESERVATION) and the facility subgraph's (profile, permit). */
export const DeskUndeliverableQuery = graphql(`
  query DeskUndeliverable($municipality: String!) {
    undeliverableNotifications(municipality: $municipality) {
      ...DeskUndeliverable
    }
    undeliverableFacilityNotifications(municipality: $municipality) {
      ...DeskUndeliverable
    }
  }
`);

/** The office's own mails in its municipality (its daily digest): language and whether it gets them. */
export const DeskNotificationSettingsQuery = graphql(`
  query DeskNotificationSettings($municipality: String!) {
    notificationSettings(municipality: $municipality) {
      ...NotificationSettingsFields
    }
  }
`);

export const DeskSetNotificationSettingsMutation = graphql(`
  mutation DeskSetNotificationSettings($municipality: String!, $language: String!, $disabledKinds: [NotificationKind!]!) {
    setNotificationSettings(municipality: $municipality, language: $language, disabledKinds: $disabledKinds) {
      ...NotificationSettingsFields
    }
  }
`);

/** What waits for the office: submitted profiles and published ones with a pending revision. */
export const DeskReviewQueueQuery = graphql(`
  query DeskReviewQueue($municipality: String!) {
    facilityReviewQueue(municipality: $municipality) {
      ...DeskFacilityRow
      pendingRevision {
        submittedAt
        changes {
          field
        }
      }
    }
  }
`);

export const DeskApproveRevisionMutation = graphql(`
  mutation DeskApproveRevision($id: ID!) {
    approveFacilityRevision(id: $id) {
      id
      publicationStatus
    }
  }
`);

export const DeskRejectRevisionMutation = graphql(`
  mutation DeskRejectRevision($id: ID!, $reason: String!) {
    rejectFacilityRevision(id: $id, reason: $reason) {
      id
      publicationStatus
    }
  }
`);

/** Permits that have lapsed or lapse within the given days, soonest first. */
export const DeskPermitsLapsingQuery = graphql(`
  query DeskPermitsLapsing($municipality: String!, $withinDays: Int!) {
    permitsLapsing(municipality: $municipality, withinDays: $withinDays) {
      ...DeskFacilityRow
    }
  }
`);

export const DeskFileReservationForFamilyMutation = graphql(`
  mutation DeskFileReservationForFamily($municipality: String!, $input: OfficeFilingInput!) {
    fileReservationForFamily(municipality: $municipality, input: $input) {
      takeoverCode
      part {
        id
        applicationKey
        wishedStart
        hoursPerWeek
        choices {
          id
          rank
          status
          facility {
            id
            name
          }
        }
      }
    }
  }
`);

/** A child's choices in every municipality, by keyed pseudonym: no names, no addresses. */
export const DeskDuplicateChoicesQuery = graphql(`
  query DeskDuplicateChoices($pseudonyms: [String!]!) {
    duplicateChoices(pseudonyms: $pseudonyms) {
      pseudonym
      municipality
      kind
      rank
      status
      wishedStart
      submittedAt
      statusSince
    }
  }
`);
