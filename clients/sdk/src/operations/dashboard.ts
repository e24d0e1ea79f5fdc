import { graphql } from '../gql/index.js';

// The regional dashboard (clients/dashboard): aggregates only; small numbers arrive suppressed.
// The counts stay in each statistics field's own selection set, not in a fragment: the gateway's
// @fanOut SUM merge sums, suppresses and computes only the fields selected directly (see
// gateway/src/tenancy/merge.ts), so counts inside a fragment would arrive unsummed and unsuppressed.

/** The bounds the map fits a municipality or a district into. */
export const MapAreaFragment = graphql(`
  fragment MapArea on MunicipalityArea {
    south
    west
    north
    east
  }
`);

export const RegionOverviewQuery = graphql(`
  query RegionOverview($municipalities: [String!]) {
    municipalities {
      key
      name
      kind
      parent {
        key
      }
      centroid {
        latitude
        longitude
      }
      area {
        ...MapArea
      }
    }
    total: supplyDemandStatistics(municipalities: $municipalities, groupBy: []) {
      capacity freePlaces children waiting placed suppressed coverage
    }
    byMunicipality: supplyDemandStatistics(municipalities: $municipalities, groupBy: [MUNICIPALITY]) {
      municipality
      capacity freePlaces children waiting placed suppressed coverage
    }
    byAgeAndHours: supplyDemandStatistics(municipalities: $municipalities, groupBy: [AGE_GROUP, HOURS_BAND]) {
      ageGroup
      hoursBand
      capacity freePlaces children waiting placed suppressed coverage
    }
    byKind: supplyDemandStatistics(municipalities: $municipalities, groupBy: [KIND]) {
      kind
      capacity freePlaces children waiting placed suppressed coverage
    }
  }
`);

export const DistrictStatisticsQuery = graphql(`
  query DistrictStatistics($municipality: String!) {
    place: municipalityByKey(key: $municipality) {
      key
      districtAreas {
        name
        area {
          ...MapArea
        }
        centroid {
          latitude
          longitude
        }
      }
    }
    byDistrict: supplyDemandStatistics(municipalities: [$municipality], groupBy: [DISTRICT]) {
      municipality
      district
      capacity freePlaces children waiting placed suppressed coverage
    }
    byDistrictAndAge: supplyDemandStatistics(municipalities: [$municipality], groupBy: [DISTRICT, AGE_GROUP]) {
      municipality
      district
      ageGroup
      capacity freePlaces children waiting placed suppressed coverage
    }
  }
`);

export const SupplyDemandHistoryQuery = graphql(`
  query SupplyDemandHistory($from: LocalDate!, $days: [LocalDate!], $municipalities: [String!]) {
    history: supplyDemandHistory(from: $from, days: $days, municipalities: $municipalities, groupBy: []) {
      day
      capacity freePlaces children waiting placed suppressed coverage
    }
  }
`);
