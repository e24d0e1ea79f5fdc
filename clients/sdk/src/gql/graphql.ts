/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Accessibility of the premises, and INCLUSIVE_CARE for integrative places. */
export type AccessibilityFeature =
  | 'ACCESSIBLE_TOILET'
  | 'INCLUSIVE_CARE'
  | 'STEP_FREE_ENTRANCE'
  | 'WHEELCHAIR_ACCESSIBLE';

/** KRIPPE under 36 months, KINDERGARTEN 36 to 71 months, SCHOOL_AGE from 72 months. */
export type AgeGroup =
  | 'KINDERGARTEN'
  | 'KRIPPE'
  | 'SCHOOL_AGE';

/** Traffic light of free places: FREE_NOW (a place is free today), FREE_SOON (one becomes free within 3 months), NONE. */
export type Availability =
  | 'FREE_NOW'
  | 'FREE_SOON'
  | 'NONE';

/** Kind of Träger: MUNICIPAL, CHURCH, WELFARE (AWO, DRK …), PARENTS (Elterninitiative), PRIVATE, or PERSON (a Tagespflegeperson). */
export type CarrierType =
  | 'CHURCH'
  | 'MUNICIPAL'
  | 'PARENTS'
  | 'PERSON'
  | 'PRIVATE'
  | 'WELFARE';

/** Search filters; all given filters must match. */
export type FacilityFilter = {
  /** Accessibility features; all must be present. */
  accessibility?: Array<AccessibilityFeature> | null | undefined;
  /** The child's age in completed months; matches facilities whose age range includes it. */
  ageInMonths?: number | null | undefined;
  /** The child's birth date (may lie ahead); with wishedStart it gives the age at the start. */
  childBirthDate?: string | null | undefined;
  /** Pedagogical concepts; all must be offered (e.g. "Montessori"). */
  concepts?: Array<string> | null | undefined;
  /** Districts (Stadtteile or Gemeinden), exact names. */
  districts?: Array<string> | null | undefined;
  /** Weekly hours of care needed; with onlyWithFreePlaces, places of a band that covers them. */
  hoursPerWeek?: number | null | undefined;
  kinds?: Array<FacilityKind> | null | undefined;
  /** Languages spoken (ISO 639-1, e.g. "tr"); any of them. */
  languages?: Array<string> | null | undefined;
  /** Only facilities with a free place on the wished start (today when omitted) that fits the child's age and the hours. */
  onlyWithFreePlaces?: boolean | null | undefined;
  openAt?: OpeningWindowInput | null | undefined;
  /** Only for the office of this municipality; everyone else sees PUBLISHED profiles only. */
  publicationStatuses?: Array<PublicationStatus> | null | undefined;
  /** Only facilities within this many kilometres of "near". */
  radiusKm?: number | null | undefined;
  /** The family's municipality key. Places bound to residence (most Kitas) are then found only in that municipality; Kindertagespflege crosses the border. */
  residence?: string | null | undefined;
  /** Words in the name, carrier or district (case-insensitive). */
  text?: string | null | undefined;
  /** The wished start of care (e.g. 1 August); today when omitted. */
  wishedStart?: string | null | undefined;
};

/** Kindertagesstätte (Kita), Kindertagespflege, or Großtagespflege. */
export type FacilityKind =
  | 'GROSSTAGESPFLEGE'
  | 'KINDERTAGESPFLEGE'
  | 'KINDERTAGESSTAETTE';

/** NAME: alphabetical (umlauts as ae/oe/ue). DISTANCE: nearest to "near" first. */
export type FacilityOrder =
  | 'DISTANCE'
  | 'NAME';

/** A WGS 84 point, e.g. the family's address. */
export type GeoPointInput = {
  latitude: number;
  longitude: number;
};

/** A guardian's address (personal data). */
export type GuardianAddressInput = {
  city: string;
  postalCode: string;
  /** Key of the municipality (AGS of the youth office area, 5 or 8 digits) the guardian lives in. */
  residenceMunicipality: string;
  street: string;
};

/** A guardian (personal data): names, at least one way of contact, and the address. */
export type GuardianInput = {
  address: GuardianAddressInput;
  email?: string | null | undefined;
  firstName: string;
  lastName: string;
  phone?: string | null | undefined;
};

/** Weekly care hours: HALF_DAY up to 25, THREE_QUARTER up to 35, FULL_DAY up to 45. */
export type HoursBand =
  | 'FULL_DAY'
  | 'HALF_DAY'
  | 'THREE_QUARTER';

/** §24 SGB VIII by age at the wished start: UNDER_ONE (no general claim; a place when parents work, train or seek work), ONE_TO_THREE (Kita or Kindertagespflege), THREE_TO_SCHOOL (Kita), SCHOOL_AGE (care for school children). */
export type LegalClaimKind =
  | 'ONE_TO_THREE'
  | 'SCHOOL_AGE'
  | 'THREE_TO_SCHOOL'
  | 'UNDER_ONE';

/** What a facility offers for meals. */
export type Meal =
  | 'ALLERGY_AWARE'
  | 'BROUGHT_FROM_HOME'
  | 'CATERED'
  | 'HALAL_OPTION'
  | 'ORGANIC'
  | 'OWN_KITCHEN'
  | 'REGIONAL'
  | 'VEGAN_OPTION'
  | 'VEGETARIAN_OPTION';

/** PHOTO: a picture on the profile (JPEG, PNG, WebP). ATTACHMENT: a PDF to download. */
export type MediaKind =
  | 'ATTACHMENT'
  | 'PHOTO';

/** CITY: a city with its own youth office; LANDKREIS or REGION: the district around it. */
export type MunicipalityKind =
  | 'CITY'
  | 'LANDKREIS'
  | 'REGION';

/** Open at least from … until … (HH:MM) on each of these weekdays. */
export type OpeningWindowInput = {
  /** Drop-off time, HH:MM. */
  from: string;
  /** Pick-up time, HH:MM. */
  until: string;
  /** 1 = Monday … 7 = Sunday; Monday to Friday when omitted. */
  weekdays?: Array<number>;
};

/** Where a provider profile stands in the office review; only PUBLISHED is public. */
export type PublicationStatus =
  | 'DRAFT'
  | 'PUBLISHED'
  | 'REJECTED'
  | 'SUBMITTED'
  | 'SUSPENDED';

/** Who took a step of a reservation: the PARENT, the municipal OFFICE, or the SYSTEM (a lapsed offer, a draft abandoned past the retention period). */
export type ReservationActorRole =
  | 'OFFICE'
  | 'PARENT'
  | 'SYSTEM';

/** The child (personal data). */
export type ReservationChildInput = {
  /** The birth date; may lie up to a year ahead (a reservation before birth). */
  birthDate: string;
  firstName: string;
  lastName: string;
};

/** A chosen facility of this municipality and its rank within the family's whole reservation (1 = first choice). */
export type ReservationChoiceInput = {
  facilityId: string | number;
  rank: number;
};

/** One municipality's part of a reservation, as the parent portal saves it. */
export type ReservationDraftInput = {
  /** A UUID the client generates once per reservation and sends with every part, in every municipality. */
  applicationKey: string | number;
  child: ReservationChildInput;
  /** This municipality's facilities, ranked; at most the municipality's maximum (5 unless configured). */
  choices: Array<ReservationChoiceInput>;
  /** One or two guardians. */
  guardians: Array<GuardianInput>;
  /** Weekly care hours, 1 to 45. */
  hoursPerWeek: number;
  /** Kinds of care the family would take; every choice must be one of them. */
  kindsOfCare: Array<FacilityKind>;
  /** Facilities of this municipality that a sibling of the child already attends, at most 5: the facility only, no name. An allocation run gives the child priority at a chosen one of them where the municipality weighs siblings (SIBLING). Checked at submission. */
  siblingFacilityIds?: Array<string | number> | null | undefined;
  wishedStart: string;
};

/** DRAFT (saved, not released) → SUBMITTED → IN_REVIEW → OFFERED (with a deadline) → ACCEPTED (binding Zusage) / DECLINED / LAPSED; WITHDRAWN by the parent at any time before acceptance. */
export type ReservationStatus =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'DRAFT'
  | 'IN_REVIEW'
  | 'LAPSED'
  | 'OFFERED'
  | 'SUBMITTED'
  | 'WITHDRAWN';

export type RegionOverviewQueryVariables = Exact<{
  municipalities?: Array<string> | string | null | undefined;
}>;


export type RegionOverviewQuery = { municipalities: Array<{ key: string, name: string, kind: MunicipalityKind, parent: { key: string } | null, centroid: { latitude: number, longitude: number } | null, area: { south: number, west: number, north: number, east: number } | null }>, total: Array<{ capacity: number, freePlaces: number, children: number | null, waiting: number | null, placed: number | null, suppressed: boolean, coverage: number | null }> | null, byMunicipality: Array<{ municipality: string | null, capacity: number, freePlaces: number, children: number | null, waiting: number | null, placed: number | null, suppressed: boolean, coverage: number | null }> | null, byAgeAndHours: Array<{ ageGroup: AgeGroup | null, hoursBand: HoursBand | null, capacity: number, freePlaces: number, children: number | null, waiting: number | null, placed: number | null, suppressed: boolean, coverage: number | null }> | null, byKind: Array<{ kind: FacilityKind | null, capacity: number, freePlaces: number, children: number | null, waiting: number | null, placed: number | null, suppressed: boolean, coverage: number | null }> | null };

export type DistrictStatisticsQueryVariables = Exact<{
  municipality: string;
}>;


export type DistrictStatisticsQuery = { byDistrict: Array<{ municipality: string | null, district: string | null, capacity: number, freePlaces: number, children: number | null, waiting: number | null, placed: number | null, suppressed: boolean, coverage: number | null }> | null, byDistrictAndAge: Array<{ municipality: string | null, district: string | null, ageGroup: AgeGroup | null, capacity: number, freePlaces: number, children: number | null, waiting: number | null, placed: number | null, suppressed: boolean, coverage: number | null }> | null };

export type SupplyDemandHistoryQueryVariables = Exact<{
  from: string;
  municipalities?: Array<string> | string | null | undefined;
}>;


export type SupplyDemandHistoryQuery = { history: Array<{ day: string, capacity: number, freePlaces: number, children: number | null, waiting: number | null, placed: number | null, suppressed: boolean, coverage: number | null }> | null };

export type MunicipalitiesQueryVariables = Exact<{ [key: string]: never; }>;


export type MunicipalitiesQuery = { municipalities: Array<{ key: string, name: string, kind: MunicipalityKind, districts: Array<string>, parent: { key: string } | null }> };

export type SearchFacilitiesQueryVariables = Exact<{
  municipalities?: Array<string> | string | null | undefined;
  near?: GeoPointInput | null | undefined;
  orderBy: FacilityOrder;
  filter?: FacilityFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type SearchFacilitiesQuery = { facilities: { totalCount: number | null, missingMunicipalities: Array<string>, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, distanceKm: number | null, node: { id: string, name: string, kind: FacilityKind, municipality: string, carrier: string, boundToResidence: boolean, availability: Availability | null, freePlaces: number | null, address: { street: string, postalCode: string, city: string, district: string }, location: { latitude: number, longitude: number }, ageRange: { fromMonths: number, toMonths: number }, vacancies: Array<{ id: string, places: number, hoursBand: HoursBand, availableFrom: string, availableUntil: string | null }> | null } }> } | null };

export type FacilityMarkersQueryVariables = Exact<{
  municipalities?: Array<string> | string | null | undefined;
  near?: GeoPointInput | null | undefined;
  filter?: FacilityFilter | null | undefined;
}>;


export type FacilityMarkersQuery = { facilityMarkers: Array<{ id: string, kind: FacilityKind, name: string, latitude: number, longitude: number, freePlaces: number, availability: Availability }> | null };

export type FacilityQueryVariables = Exact<{
  id: string | number;
}>;


export type FacilityQuery = { facility: { id: string, name: string, kind: FacilityKind, municipality: string, carrier: string, carrierType: CarrierType, boundToResidence: boolean, description: string, concepts: Array<string>, languages: Array<string>, meals: Array<Meal>, accessibility: Array<AccessibilityFeature>, capacity: number, availability: Availability | null, freePlaces: number | null, address: { street: string, postalCode: string, city: string, district: string }, location: { latitude: number, longitude: number }, ageRange: { fromMonths: number, toMonths: number }, contact: { phone: string | null, email: string | null, website: string | null }, openingHours: Array<{ weekday: number, opens: string, closes: string }>, groups: Array<{ name: string, hoursBand: HoursBand, capacity: number, ageRange: { fromMonths: number, toMonths: number } }>, permit: { validUntil: string, maxChildren: number } | null, media: Array<{ id: string, kind: MediaKind, url: string, altText: string, caption: string | null, fileName: string }>, vacancies: Array<{ id: string, places: number, hoursBand: HoursBand, availableFrom: string, availableUntil: string | null, ageRange: { fromMonths: number, toMonths: number } }> | null } | null };

export type MyReservationPartsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyReservationPartsQuery = { myReservationParts: Array<{ id: string, municipality: string, applicationKey: string, wishedStart: string, hoursPerWeek: number, submittedAt: string | null, updatedAt: string, child: { firstName: string, lastName: string, birthDate: string } | null, legalClaim: { kind: LegalClaimKind, description: string } | null, choices: Array<{ id: string, rank: number | null, status: ReservationStatus, offerDeadline: string | null, statusChangedAt: string, facility: { id: string, name: string, kind: FacilityKind, municipality: string }, history: Array<{ at: string, fromStatus: ReservationStatus | null, toStatus: ReservationStatus, actorRole: ReservationActorRole, reason: string | null, description: string }> }> }> | null };

export type SaveReservationDraftMutationVariables = Exact<{
  municipality: string;
  input: ReservationDraftInput;
}>;


export type SaveReservationDraftMutation = { saveReservationDraft: { id: string, municipality: string, applicationKey: string, submittedAt: string | null, choices: Array<{ id: string, rank: number | null, status: ReservationStatus }> } };

export type SubmitReservationMutationVariables = Exact<{
  municipality: string;
  applicationKey: string | number;
  idempotencyKey: string;
}>;


export type SubmitReservationMutation = { submitReservation: { id: string, municipality: string, applicationKey: string, submittedAt: string | null, choices: Array<{ id: string, rank: number | null, status: ReservationStatus }> } };

export type AcceptOfferMutationVariables = Exact<{
  id: string | number;
}>;


export type AcceptOfferMutation = { acceptOffer: { id: string, status: ReservationStatus } };

export type DeclineOfferMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type DeclineOfferMutation = { declineOffer: { id: string, status: ReservationStatus } };

export type WithdrawReservationMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type WithdrawReservationMutation = { withdrawReservation: { id: string, status: ReservationStatus } };


export const RegionOverviewDocument = {"__meta__":{"hash":"sha256:f2ee627b2aa2925ab36c668d972d1c11c5040bd2981e722be72df487dc123436"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RegionOverview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"municipalities"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}},{"kind":"Field","name":{"kind":"Name","value":"centroid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"latitude"}},{"kind":"Field","name":{"kind":"Name","value":"longitude"}}]}},{"kind":"Field","name":{"kind":"Name","value":"area"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"south"}},{"kind":"Field","name":{"kind":"Name","value":"west"}},{"kind":"Field","name":{"kind":"Name","value":"north"}},{"kind":"Field","name":{"kind":"Name","value":"east"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"total"},"name":{"kind":"Name","value":"supplyDemandStatistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalities"},"value":{"kind":"Variable","name":{"kind":"Name","value":"municipalities"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"freePlaces"}},{"kind":"Field","name":{"kind":"Name","value":"children"}},{"kind":"Field","name":{"kind":"Name","value":"waiting"}},{"kind":"Field","name":{"kind":"Name","value":"placed"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"byMunicipality"},"name":{"kind":"Name","value":"supplyDemandStatistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalities"},"value":{"kind":"Variable","name":{"kind":"Name","value":"municipalities"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"MUNICIPALITY"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipality"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"freePlaces"}},{"kind":"Field","name":{"kind":"Name","value":"children"}},{"kind":"Field","name":{"kind":"Name","value":"waiting"}},{"kind":"Field","name":{"kind":"Name","value":"placed"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"byAgeAndHours"},"name":{"kind":"Name","value":"supplyDemandStatistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalities"},"value":{"kind":"Variable","name":{"kind":"Name","value":"municipalities"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"AGE_GROUP"},{"kind":"EnumValue","value":"HOURS_BAND"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ageGroup"}},{"kind":"Field","name":{"kind":"Name","value":"hoursBand"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"freePlaces"}},{"kind":"Field","name":{"kind":"Name","value":"children"}},{"kind":"Field","name":{"kind":"Name","value":"waiting"}},{"kind":"Field","name":{"kind":"Name","value":"placed"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"byKind"},"name":{"kind":"Name","value":"supplyDemandStatistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalities"},"value":{"kind":"Variable","name":{"kind":"Name","value":"municipalities"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"KIND"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"freePlaces"}},{"kind":"Field","name":{"kind":"Name","value":"children"}},{"kind":"Field","name":{"kind":"Name","value":"waiting"}},{"kind":"Field","name":{"kind":"Name","value":"placed"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}}]}}]}}]} as unknown as DocumentNode<RegionOverviewQuery, RegionOverviewQueryVariables>;
export const DistrictStatisticsDocument = {"__meta__":{"hash":"sha256:06a0ccae78b2004c90c77e07a155a98a15e36b04752fdab89c2d4e6d18115627"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DistrictStatistics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"municipality"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"byDistrict"},"name":{"kind":"Name","value":"supplyDemandStatistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalities"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"municipality"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"DISTRICT"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipality"}},{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"freePlaces"}},{"kind":"Field","name":{"kind":"Name","value":"children"}},{"kind":"Field","name":{"kind":"Name","value":"waiting"}},{"kind":"Field","name":{"kind":"Name","value":"placed"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"byDistrictAndAge"},"name":{"kind":"Name","value":"supplyDemandStatistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalities"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"municipality"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"DISTRICT"},{"kind":"EnumValue","value":"AGE_GROUP"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipality"}},{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"ageGroup"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"freePlaces"}},{"kind":"Field","name":{"kind":"Name","value":"children"}},{"kind":"Field","name":{"kind":"Name","value":"waiting"}},{"kind":"Field","name":{"kind":"Name","value":"placed"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}}]}}]}}]} as unknown as DocumentNode<DistrictStatisticsQuery, DistrictStatisticsQueryVariables>;
export const SupplyDemandHistoryDocument = {"__meta__":{"hash":"sha256:9e018ce77c94c0a778b57e78f013789dfdafed800ccb102aefe7f8f2b9922bb4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SupplyDemandHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LocalDate"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"municipalities"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"history"},"name":{"kind":"Name","value":"supplyDemandHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"municipalities"},"value":{"kind":"Variable","name":{"kind":"Name","value":"municipalities"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"freePlaces"}},{"kind":"Field","name":{"kind":"Name","value":"children"}},{"kind":"Field","name":{"kind":"Name","value":"waiting"}},{"kind":"Field","name":{"kind":"Name","value":"placed"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}}]}}]}}]} as unknown as DocumentNode<SupplyDemandHistoryQuery, SupplyDemandHistoryQueryVariables>;
export const MunicipalitiesDocument = {"__meta__":{"hash":"sha256:656e2c49c1021b673f8b2694ded2f20b5ecb6cb5f2dd52bc2dea989b15573134"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Municipalities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"districts"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}}]}}]}}]} as unknown as DocumentNode<MunicipalitiesQuery, MunicipalitiesQueryVariables>;
export const SearchFacilitiesDocument = {"__meta__":{"hash":"sha256:5a7b1c88e2b4ca0134817cb3da26cc85a1a767e275b3d0361400ec7c60fb1c63"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SearchFacilities"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"municipalities"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"near"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"GeoPointInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FacilityOrder"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FacilityFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"facilities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalities"},"value":{"kind":"Variable","name":{"kind":"Name","value":"municipalities"}}},{"kind":"Argument","name":{"kind":"Name","value":"near"},"value":{"kind":"Variable","name":{"kind":"Name","value":"near"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"missingMunicipalities"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"distanceKm"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"municipality"}},{"kind":"Field","name":{"kind":"Name","value":"carrier"}},{"kind":"Field","name":{"kind":"Name","value":"boundToResidence"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"district"}}]}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"latitude"}},{"kind":"Field","name":{"kind":"Name","value":"longitude"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ageRange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromMonths"}},{"kind":"Field","name":{"kind":"Name","value":"toMonths"}}]}},{"kind":"Field","name":{"kind":"Name","value":"availability"}},{"kind":"Field","name":{"kind":"Name","value":"freePlaces"}},{"kind":"Field","name":{"kind":"Name","value":"vacancies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"places"}},{"kind":"Field","name":{"kind":"Name","value":"hoursBand"}},{"kind":"Field","name":{"kind":"Name","value":"availableFrom"}},{"kind":"Field","name":{"kind":"Name","value":"availableUntil"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SearchFacilitiesQuery, SearchFacilitiesQueryVariables>;
export const FacilityMarkersDocument = {"__meta__":{"hash":"sha256:5effd15fd6dba7c4512eb552fa2b2dff399f2f99f6207c6ee83a800a2df5ee1a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FacilityMarkers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"municipalities"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"near"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"GeoPointInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FacilityFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"facilityMarkers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalities"},"value":{"kind":"Variable","name":{"kind":"Name","value":"municipalities"}}},{"kind":"Argument","name":{"kind":"Name","value":"near"},"value":{"kind":"Variable","name":{"kind":"Name","value":"near"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"latitude"}},{"kind":"Field","name":{"kind":"Name","value":"longitude"}},{"kind":"Field","name":{"kind":"Name","value":"freePlaces"}},{"kind":"Field","name":{"kind":"Name","value":"availability"}}]}}]}}]} as unknown as DocumentNode<FacilityMarkersQuery, FacilityMarkersQueryVariables>;
export const FacilityDocument = {"__meta__":{"hash":"sha256:b4bbe3887cde2a5aa12f7aa4cc4c32a2880fa22ed0a04f653e35db684176aee6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Facility"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"facility"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"municipality"}},{"kind":"Field","name":{"kind":"Name","value":"carrier"}},{"kind":"Field","name":{"kind":"Name","value":"carrierType"}},{"kind":"Field","name":{"kind":"Name","value":"boundToResidence"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"concepts"}},{"kind":"Field","name":{"kind":"Name","value":"languages"}},{"kind":"Field","name":{"kind":"Name","value":"meals"}},{"kind":"Field","name":{"kind":"Name","value":"accessibility"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"district"}}]}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"latitude"}},{"kind":"Field","name":{"kind":"Name","value":"longitude"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ageRange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromMonths"}},{"kind":"Field","name":{"kind":"Name","value":"toMonths"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"website"}}]}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"weekday"}},{"kind":"Field","name":{"kind":"Name","value":"opens"}},{"kind":"Field","name":{"kind":"Name","value":"closes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"groups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ageRange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromMonths"}},{"kind":"Field","name":{"kind":"Name","value":"toMonths"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hoursBand"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"permit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"maxChildren"}}]}},{"kind":"Field","name":{"kind":"Name","value":"media"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"altText"}},{"kind":"Field","name":{"kind":"Name","value":"caption"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"availability"}},{"kind":"Field","name":{"kind":"Name","value":"freePlaces"}},{"kind":"Field","name":{"kind":"Name","value":"vacancies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"places"}},{"kind":"Field","name":{"kind":"Name","value":"ageRange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromMonths"}},{"kind":"Field","name":{"kind":"Name","value":"toMonths"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hoursBand"}},{"kind":"Field","name":{"kind":"Name","value":"availableFrom"}},{"kind":"Field","name":{"kind":"Name","value":"availableUntil"}}]}}]}}]}}]} as unknown as DocumentNode<FacilityQuery, FacilityQueryVariables>;
export const MyReservationPartsDocument = {"__meta__":{"hash":"sha256:9cf0626b994fa87a28c1432a3332aff08dd46f34fb8ed95390f17f35341429e9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyReservationParts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myReservationParts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"municipality"}},{"kind":"Field","name":{"kind":"Name","value":"applicationKey"}},{"kind":"Field","name":{"kind":"Name","value":"wishedStart"}},{"kind":"Field","name":{"kind":"Name","value":"hoursPerWeek"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"child"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}},{"kind":"Field","name":{"kind":"Name","value":"birthDate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"legalClaim"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"choices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"offerDeadline"}},{"kind":"Field","name":{"kind":"Name","value":"statusChangedAt"}},{"kind":"Field","name":{"kind":"Name","value":"facility"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"municipality"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"fromStatus"}},{"kind":"Field","name":{"kind":"Name","value":"toStatus"}},{"kind":"Field","name":{"kind":"Name","value":"actorRole"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MyReservationPartsQuery, MyReservationPartsQueryVariables>;
export const SaveReservationDraftDocument = {"__meta__":{"hash":"sha256:d414675b6925debbd9e18f74e2a09b390a800bb3fe5b818cb6f87691d4d416f3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SaveReservationDraft"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"municipality"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReservationDraftInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"saveReservationDraft"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipality"},"value":{"kind":"Variable","name":{"kind":"Name","value":"municipality"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"municipality"}},{"kind":"Field","name":{"kind":"Name","value":"applicationKey"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"choices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<SaveReservationDraftMutation, SaveReservationDraftMutationVariables>;
export const SubmitReservationDocument = {"__meta__":{"hash":"sha256:bedb1cb96091c73608b7072ad8def37de3c7192496c6807f7a554639789d01d9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitReservation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"municipality"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"applicationKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitReservation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipality"},"value":{"kind":"Variable","name":{"kind":"Name","value":"municipality"}}},{"kind":"Argument","name":{"kind":"Name","value":"applicationKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"applicationKey"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"municipality"}},{"kind":"Field","name":{"kind":"Name","value":"applicationKey"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"choices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<SubmitReservationMutation, SubmitReservationMutationVariables>;
export const AcceptOfferDocument = {"__meta__":{"hash":"sha256:0f067826d8c78748154e08b09d537886af94afe2677440730d24ef84af79e437"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AcceptOffer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptOffer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<AcceptOfferMutation, AcceptOfferMutationVariables>;
export const DeclineOfferDocument = {"__meta__":{"hash":"sha256:8a3a93e08ef5bb3d2612367603f0f2f0d7688c9cf8fbfa9438eef02e805beaea"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeclineOffer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"declineOffer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<DeclineOfferMutation, DeclineOfferMutationVariables>;
export const WithdrawReservationDocument = {"__meta__":{"hash":"sha256:055a979d87b8f05239cd20345f1f582ba2967e5f33bf01b38ce6b1b16a46d42d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WithdrawReservation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"withdrawReservation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<WithdrawReservationMutation, WithdrawReservationMutationVariables>;