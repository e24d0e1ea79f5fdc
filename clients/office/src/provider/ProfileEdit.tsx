import { useMutation, useQuery } from '@apollo/client/react';
import { MyFacilitiesDocument, ProviderMunicipalitiesDocument, UpdateFacilityProfileDocument } from '@kita/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorArgument, errorText, InfoNotice, SuccessNotice } from '../components/notices';
import type { ProviderFacility } from './FacilityArea';
import { PendingRevision, RevisionDecision } from './FacilityOverview';
import { ProfileForm } from './ProfileForm';
import { draftOf, fieldOfArgument, inputOf, type ProfileDraft } from './profile';

const revised = ['PUBLISHED', 'SUSPENDED'];

/**
 * Editing the profile. A draft or returned profile changes at once; a published one's edit waits
 * for the office as a pending revision, and families keep seeing the published text until then.
 */
export function ProfileEdit({ facility }: { facility: ProviderFacility }) {
  const { t } = useTranslation();
  const municipalities = useQuery(ProviderMunicipalitiesDocument);
  const [update, updating] = useMutation(UpdateFacilityProfileDocument, { refetchQueries: [MyFacilitiesDocument] });
  const [failure, setFailure] = useState<{ text: string; field?: string } | null>(null);
  const [saved, setSaved] = useState<'revision' | 'saved' | null>(null);
  const waitsForOffice = revised.includes(facility.publicationStatus);
  const districts = municipalities.data?.municipalities.find((municipality) => municipality.key === facility.municipality)?.districts ?? [];
  // Editable kind only before the office has recorded a permit or published the profile.
  const kindLocked = !['DRAFT', 'REJECTED'].includes(facility.publicationStatus) || Boolean(facility.permit);

  const submit = async (draft: ProfileDraft) => {
    setFailure(null);
    setSaved(null);
    try {
      const answer = await update({ variables: { id: facility.id, input: inputOf(draft) } });
      setSaved(waitsForOffice && answer.data?.updateFacilityProfile.pendingRevision ? 'revision' : 'saved');
    } catch (error) {
      setFailure({ text: errorText(t, error), field: fieldOfArgument(errorArgument(error)) });
    }
  };

  return (
    <div className="profile-edit">
      <h2>{t('provider.sections.profil')}</h2>
      {waitsForOffice ? (
        <InfoNotice>
          <p>{t('provider.revision.before')}</p>
        </InfoNotice>
      ) : null}
      {saved ? <SuccessNotice>{t(saved === 'revision' ? 'provider.revision.saved' : 'provider.saved')}</SuccessNotice> : null}
      {facility.pendingRevision ? <PendingRevision revision={facility.pendingRevision} /> : <RevisionDecision facility={facility} />}
      <ProfileForm
        key={facility.pendingRevision?.submittedAt ?? facility.id}
        initial={draftOf(facility, facility.pendingRevision?.changes)}
        districts={districts.includes(facility.address.district) || districts.length === 0 ? districts : [facility.address.district, ...districts]}
        kindLocked={kindLocked}
        submitLabel={t(waitsForOffice ? 'provider.revision.submit' : 'common.save')}
        busy={updating.loading}
        serverError={failure?.text}
        serverField={failure?.field}
        onSubmit={(draft) => void submit(draft)}
      />
    </div>
  );
}
