import { useMutation, useQuery } from '@apollo/client/react';
import { Link, useRouter } from '@kita/app-shell/router';
import { MyFacilitiesDocument, ProviderMunicipalitiesDocument, RegisterFacilityDocument } from '@kita/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { providerPath } from '../areas';
import { ErrorNotice, errorArgument, errorText, Loading } from '../components/notices';
import { useSession } from '../context';
import { ProfileForm } from './ProfileForm';
import { facilityPath } from './paths';
import { fieldOfArgument, inputOf, newDraft, type ProfileDraft } from './profile';

/** Registering a facility: a DRAFT profile the provider owns, in the municipality whose office is responsible. */
export function RegisterFacility() {
  const { t } = useTranslation();
  const session = useSession();
  const { navigate } = useRouter();
  const municipalities = useQuery(ProviderMunicipalitiesDocument);
  const [register, registering] = useMutation(RegisterFacilityDocument, { refetchQueries: [MyFacilitiesDocument] });
  const [failure, setFailure] = useState<{ text: string; field?: string } | null>(null);

  const submit = async (draft: ProfileDraft, municipality: string) => {
    setFailure(null);
    try {
      const answer = await register({ variables: { municipality, input: inputOf(draft) } });
      const id = answer.data?.registerFacility.id;
      if (id) navigate(`${facilityPath(id)}?neu=1`);
    } catch (error) {
      setFailure({ text: errorText(t, error), field: fieldOfArgument(errorArgument(error)) });
    }
  };

  // A Landkreis first: most who register here are Tagespflegepersonen, whose office is the Landkreis's.
  const choices = [...(municipalities.data?.municipalities ?? [])].sort(
    (a, b) => Number(b.kind === 'LANDKREIS') - Number(a.kind === 'LANDKREIS') || a.name.localeCompare(b.name, 'de'),
  );

  return (
    <section className="register">
      <p>
        <Link to={providerPath()}>{t('provider.backToList')}</Link>
      </p>
      <h1>{t('provider.registerTitle')}</h1>
      <p className="lead">{t('provider.registerLead')}</p>
      {municipalities.loading ? <Loading /> : null}
      {municipalities.error && !municipalities.data ? <ErrorNotice>{errorText(t, municipalities.error)}</ErrorNotice> : null}
      {municipalities.data ? (
        <ProfileForm
          initial={newDraft(session?.name ?? '')}
          municipalities={choices.map((choice) => ({ key: choice.key, name: choice.name, districts: choice.districts, centroid: choice.centroid }))}
          submitLabel={t('provider.registerSubmit')}
          busy={registering.loading}
          serverError={failure?.text}
          serverField={failure?.field}
          onSubmit={(draft, municipality) => void submit(draft, municipality)}
        />
      ) : null}
    </section>
  );
}
