import { graphql } from '../gql/index.js';

// The provider area of the workspace (clients/office/src/provider): a Träger or a
// Tagespflegeperson registers and describes its facilities, adds photos, sends the profile to the
// office for review, keeps its free places current and sees the Vormerkungen for its facilities.

/** One facility as the provider's list shows it: status, permit, free places, a waiting edit. */
export const ProviderFacilityRowFragment = graphql(`
  fragment ProviderFacilityRow on Facility {
    id
    municipality
    kind
    name
    publicationStatus
    address {
      ...FacilityAddress
    }
    permit {
      number
      validUntil
      maxChildren
    }
    freePlacesNow
    freePlacesLater
    pendingRevision {
      submittedAt
    }
  }
`);

/** A photo or document of a facility as the provider's media page lists it. */
export const ProviderMediaFragment = graphql(`
  fragment ProviderMedia on FacilityMedia {
    id
    kind
    url
    fileName
    contentType
    altText
    caption
  }
`);

export const ProviderMemberFragment = graphql(`
  fragment ProviderMember on FacilityMember {
    subject
    role
    addedAt
  }
`);

/** The facilities the signed-in provider acts for, in every municipality. */
export const MyFacilitiesQuery = graphql(`
  query MyFacilities {
    myFacilities {
      ...ProviderFacilityRow
    }
  }
`);

/** One of the provider's facilities with everything its pages show. */
export const ProviderFacilityQuery = graphql(`
  query ProviderFacility($id: ID!) {
    facility(id: $id) {
      ...ProviderFacilityRow
      ...FacilityProfile
      permit {
        ...FacilityPermit
      }
      media {
        ...ProviderMedia
      }
      members {
        ...ProviderMember
      }
      history {
        ...FacilityStatusChange
      }
      pendingRevision {
        ...FacilityPendingRevision
      }
      lastRevisionDecision {
        approved
        reason
        decidedAt
      }
      vacancies {
        ...FacilityVacancy
      }
    }
  }
`);

/** Where a provider may register: the municipalities of the registry (a Tagespflege in a Landkreis, a Kita in a city). */
export const ProviderMunicipalitiesQuery = graphql(`
  query ProviderMunicipalities {
    municipalities {
      key
      name
      kind
      districts
      centroid {
        latitude
        longitude
      }
    }
  }
`);

export const RegisterFacilityMutation = graphql(`
  mutation RegisterFacility($municipality: String!, $input: FacilityProfileInput!) {
    registerFacility(municipality: $municipality, input: $input) {
      ...ProviderFacilityRow
    }
  }
`);

export const UpdateFacilityProfileMutation = graphql(`
  mutation UpdateFacilityProfile($id: ID!, $input: FacilityProfileInput!) {
    updateFacilityProfile(id: $id, input: $input) {
      ...ProviderFacilityRow
      ...FacilityProfile
      pendingRevision {
        ...FacilityPendingRevision
      }
    }
  }
`);

export const AddFacilityMediaMutation = graphql(`
  mutation AddFacilityMedia($facilityId: ID!, $input: MediaInput!) {
    addFacilityMedia(facilityId: $facilityId, input: $input) {
      ...ProviderMedia
    }
  }
`);

export const RemoveFacilityMediaMutation = graphql(`
  mutation RemoveFacilityMedia($id: ID!) {
    removeFacilityMedia(id: $id)
  }
`);

export const SubmitFacilityMutation = graphql(`
  mutation SubmitFacility($id: ID!) {
    submitFacility(id: $id) {
      ...ProviderFacilityRow
      history {
        ...FacilityStatusChange
      }
    }
  }
`);

export const AddFacilityMemberMutation = graphql(`
  mutation AddFacilityMember($facilityId: ID!, $subject: String!, $role: FacilityMemberRole!) {
    addFacilityMember(facilityId: $facilityId, subject: $subject, role: $role) {
      id
      members {
        ...ProviderMember
      }
    }
  }
`);

export const AddVacancyMutation = graphql(`
  mutation AddVacancy($facilityId: ID!, $input: VacancyInput!) {
    addVacancy(facilityId: $facilityId, input: $input) {
      ...FacilityVacancy
    }
  }
`);

export const UpdateVacancyMutation = graphql(`
  mutation UpdateVacancy($id: ID!, $input: VacancyInput!) {
    updateVacancy(id: $id, input: $input) {
      ...FacilityVacancy
    }
  }
`);

export const RemoveVacanciesMutation = graphql(`
  mutation RemoveVacancies($ids: [ID!]!) {
    removeVacancies(ids: $ids)
  }
`);

/** The Vormerkungen for one of the provider's facilities: what a provider may see (no addresses, no pseudonym). */
export const ProviderFacilityReservationsQuery = graphql(`
  query ProviderFacilityReservations($id: ID!) {
    facility(id: $id) {
      id
      name
      reservations {
        id
        status
        rank
        wishedStart
        hoursPerWeek
        hoursBand
        childBirthDate
        offerDeadline
        createdAt
        part {
          id
          child {
            firstName
            lastName
          }
          guardians {
            firstName
            lastName
            email
            phone
          }
        }
      }
    }
  }
`);

export const ProviderNotificationSettingsFragment = graphql(`
  fragment ProviderNotificationSettings on FacilityNotificationSettings {
    facilityId
    language
    disabledKinds
    kinds
    requiredKinds
  }
`);

/** The language of a facility's mails and the kinds it gets (required ones always sent). */
export const ProviderNotificationSettingsQuery = graphql(`
  query ProviderNotificationSettings($facilityId: ID!) {
    facilityNotificationSettings(facilityId: $facilityId) {
      ...ProviderNotificationSettings
    }
  }
`);

export const ProviderSetNotificationSettingsMutation = graphql(`
  mutation ProviderSetNotificationSettings($facilityId: ID!, $language: String!, $disabledKinds: [NotificationKind!]!) {
    setFacilityNotificationSettings(facilityId: $facilityId, language: $language, disabledKinds: $disabledKinds) {
      ...ProviderNotificationSettings
    }
  }
`);
