import { useMutation } from '@apollo/client/react';
import { TextField } from '@kita/app-shell/fields';
import { AddFacilityMediaDocument, RemoveFacilityMediaDocument } from '@kita/sdk';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MediaImage, MediaLink } from '../components/media';
import { ErrorNotice, errorArgument, errorText, SuccessNotice } from '../components/notices';
import type { ProviderFacility } from './FacilityArea';

const photoTypes = ['image/jpeg', 'image/png', 'image/webp'];
const attachmentType = 'application/pdf';
const maxBytes = { PHOTO: 2_097_152, ATTACHMENT: 5_242_880 } as const;

/** The file's content in standard padded base64, as MediaInput takes it. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Photos of the facility, each with the text that says what it shows for people who cannot see it, and PDF attachments (a price list, the concept). */
export function Photos({ facility, reload }: { facility: ProviderFacility; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const [add, adding] = useMutation(AddFacilityMediaDocument);
  const [remove, removing] = useMutation(RemoveFacilityMediaDocument);
  const [file, setFile] = useState<File | null>(null);
  const [altText, setAltText] = useState('');
  const [caption, setCaption] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const photos = facility.media.filter((media) => media.kind === 'PHOTO');
  const attachments = facility.media.filter((media) => media.kind === 'ATTACHMENT');
  const kind = file?.type === attachmentType ? 'ATTACHMENT' : 'PHOTO';

  const upload = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setDone(null);
    const found: Record<string, string> = {};
    if (!file) found.file = t('provider.photos.errors.file');
    else if (!photoTypes.includes(file.type) && file.type !== attachmentType) found.file = t('provider.photos.errors.type');
    else if (file.size > maxBytes[kind]) found.file = t(kind === 'PHOTO' ? 'provider.photos.errors.size' : 'provider.photos.errors.attachmentSize');
    // A photo needs its text alternative; an attachment's link reads its file name unless given one.
    const needsAlt = kind === 'PHOTO' || altText.trim().length > 0;
    if (needsAlt && (altText.trim().length < 3 || altText.trim().length > 300)) found.altText = t('provider.photos.errors.altText');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(found.file ? 'photo-file' : 'photo-alt')?.focus();
      return;
    }
    try {
      await add({
        variables: {
          facilityId: facility.id,
          input: {
            kind,
            fileName: file!.name.replace(/[/\\]/g, '_').slice(0, 200),
            contentType: file!.type,
            contentBase64: await base64Of(file!),
            altText: altText.trim() || null,
            caption: caption.trim() || null,
          },
        },
      });
      setFile(null);
      setAltText('');
      setCaption('');
      if (fileInput.current) fileInput.current.value = '';
      setDone(t(kind === 'PHOTO' ? 'provider.photos.added' : 'provider.photos.attachmentAdded'));
      await reload();
    } catch (error) {
      const argument = errorArgument(error);
      if (argument?.includes('altText')) setErrors({ altText: t('provider.photos.errors.altText') });
      setFailure(errorText(t, error));
    }
  };

  const drop = async (id: string) => {
    setFailure(null);
    setDone(null);
    try {
      await remove({ variables: { id } });
      setDone(t('provider.photos.removed'));
      await reload();
    } catch (error) {
      setFailure(errorText(t, error));
    }
  };

  return (
    <div className="photos">
      <h2>{t('provider.sections.fotos')}</h2>
      <p>{t('provider.photos.lead')}</p>
      {failure ? <ErrorNotice>{failure}</ErrorNotice> : null}
      {done ? <SuccessNotice>{done}</SuccessNotice> : null}
      {photos.length === 0 ? <p className="muted">{t('provider.photos.none')}</p> : null}
      <ul className="photo-list">
        {photos.map((photo) => (
          <li key={photo.id} className="panel photo">
            <MediaImage url={photo.url} alt={photo.altText} className="photo__image" />
            <p className="photo__alt">
              <span className="muted">{t('provider.photos.altTextShown')}</span> {photo.altText}
            </p>
            {photo.caption ? <p>{photo.caption}</p> : null}
            <button type="button" className="kern-btn kern-btn--tertiary" disabled={removing.loading} onClick={() => void drop(photo.id)}>
              <span className="kern-label">{t('provider.photos.remove', { name: photo.fileName })}</span>
            </button>
          </li>
        ))}
      </ul>
      {attachments.length > 0 ? (
        <>
          <h3>{t('provider.photos.attachments')}</h3>
          <ul className="attachment-list">
            {attachments.map((attachment) => (
              <li key={attachment.id}>
                <MediaLink url={attachment.url} fileName={attachment.fileName}>
                  {attachment.altText || attachment.fileName}
                </MediaLink>{' '}
                <button type="button" className="kern-btn kern-btn--tertiary" disabled={removing.loading} onClick={() => void drop(attachment.id)}>
                  <span className="kern-label">{t('provider.photos.removeAttachment', { name: attachment.fileName })}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <form className="panel" noValidate onSubmit={(event) => void upload(event)}>
        <h3>{t('provider.photos.addTitle')}</h3>
        <div className={`kern-form-input${errors.file ? ' kern-form-input--error' : ''}`}>
          <label className="kern-label" htmlFor="photo-file">
            {t('provider.photos.file')}
          </label>
          <div className="kern-hint" id="photo-file-hint">
            {t('provider.photos.fileHint')}
          </div>
          {errors.file ? (
            <p className="kern-error field-error" id="photo-file-error">
              <span className="kern-body">{errors.file}</span>
            </p>
          ) : null}
          <input
            ref={fileInput}
            id="photo-file"
            type="file"
            accept={[...photoTypes, attachmentType].join(',')}
            className="kern-form-input__input"
            aria-invalid={errors.file ? true : undefined}
            aria-describedby={`photo-file-hint${errors.file ? ' photo-file-error' : ''}`}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </div>
        <TextField
          id="photo-alt"
          label={t(kind === 'PHOTO' ? 'provider.photos.altText' : 'provider.photos.linkText')}
          optional={kind === 'PHOTO' ? undefined : t('common.optional')}
          hint={t(kind === 'PHOTO' ? 'provider.photos.altTextHint' : 'provider.photos.linkTextHint')}
          error={errors.altText}
          value={altText}
          maxLength={300}
          onChange={(event) => setAltText(event.target.value)}
        />
        <TextField
          id="photo-caption"
          label={t('provider.photos.caption')}
          optional={t('common.optional')}
          value={caption}
          maxLength={500}
          onChange={(event) => setCaption(event.target.value)}
        />
        <div className="actions">
          <button type="submit" className="kern-btn kern-btn--primary" disabled={adding.loading}>
            <span className="kern-label">{t('provider.photos.add')}</span>
          </button>
        </div>
      </form>
    </div>
  );
}
