import { useMutation } from '@apollo/client/react';
import { SelectField, TextField } from '@kita/app-shell/fields';
import { AddFacilityMemberDocument, type FacilityMemberRole } from '@kita/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, errorText, SuccessNotice } from '../components/notices';
import { useSession } from '../context';
import { formatDate } from '../i18n';
import type { ProviderFacility } from './FacilityArea';

/** Who acts for the facility, and inviting a colleague by the subject of their login. */
export function Team({ facility }: { facility: ProviderFacility }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const [addMember, adding] = useMutation(AddFacilityMemberDocument);
  const [subject, setSubject] = useState('');
  const [role, setRole] = useState<FacilityMemberRole>('MEMBER');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const members = facility.members ?? [];
  const owner = members.some((member) => member.subject === session?.subject && member.role === 'OWNER');

  const invite = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setDone(null);
    const wanted = subject.trim();
    if (!wanted) {
      setError(t('provider.team.errors.subject'));
      document.getElementById('member-subject')?.focus();
      return;
    }
    setError(undefined);
    try {
      await addMember({ variables: { facilityId: facility.id, subject: wanted, role } });
      setSubject('');
      setDone(t('provider.team.added'));
    } catch (failed) {
      setFailure(errorText(t, failed));
    }
  };

  return (
    <div className="team">
      <h2>{t('provider.sections.team')}</h2>
      <ul className="member-list">
        {members.map((member) => (
          <li key={member.subject} className="panel">
            <strong>{member.subject}</strong>
            {member.subject === session?.subject ? ` (${t('provider.team.you')})` : ''} · {t(`provider.team.roles.${member.role}`)} ·{' '}
            {t('provider.team.since', { date: formatDate(member.addedAt, i18n.language) })}
          </li>
        ))}
      </ul>
      {owner ? (
        <form className="panel" noValidate onSubmit={(event) => void invite(event)}>
          <h3>{t('provider.team.inviteTitle')}</h3>
          <p>{t('provider.team.inviteLead')}</p>
          {failure ? <ErrorNotice>{failure}</ErrorNotice> : null}
          {done ? <SuccessNotice>{done}</SuccessNotice> : null}
          <TextField
            id="member-subject"
            label={t('provider.team.subject')}
            hint={t('provider.team.subjectHint')}
            error={error}
            value={subject}
            onChange={(event) => setSubject(event.target.value)}
          />
          <SelectField id="member-role" label={t('provider.team.role')} value={role} onChange={(value) => setRole(value as FacilityMemberRole)}>
            <option value="MEMBER">{t('provider.team.roles.MEMBER')}</option>
            <option value="OWNER">{t('provider.team.roles.OWNER')}</option>
          </SelectField>
          <div className="actions">
            <button type="submit" className="kern-btn kern-btn--primary" disabled={adding.loading}>
              <span className="kern-label">{t('provider.team.invite')}</span>
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">{t('provider.team.onlyOwners')}</p>
      )}
    </div>
  );
}
