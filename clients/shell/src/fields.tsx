import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';

// The apps' form fields on KERN UX: each labelled, a hint and an error next to the field, tied to it.

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: string;
}

/** A labelled KERN input; the error sits next to the field and is tied to it (aria-describedby). */
export function TextField({ id, label, hint, error, optional, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
        {optional ? <span className="kern-label__optional"> – {optional}</span> : null}
      </label>
      {hint ? (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p className="kern-error field-error" id={`${id}-error`}>
          <span className="kern-body">{error}</span>
        </p>
      ) : null}
      <input
        id={id}
        className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
    </div>
  );
}

/** A labelled KERN text area, for longer plain text (a description, a reason). */
export function TextArea({ id, label, hint, error, optional, ...textarea }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
        {optional ? <span className="kern-label__optional"> – {optional}</span> : null}
      </label>
      {hint ? (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p className="kern-error field-error" id={`${id}-error`}>
          <span className="kern-body">{error}</span>
        </p>
      ) : null}
      <textarea
        id={id}
        className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...textarea}
      />
    </div>
  );
}

export function SelectField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  children,
}: FieldProps & { value: string; onChange: (value: string) => void; children: ReactNode }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p className="kern-error field-error" id={`${id}-error`}>
          <span className="kern-body">{error}</span>
        </p>
      ) : null}
      <div className="kern-form-input__select-wrapper">
        <select
          id={id}
          className={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        >
          {children}
        </select>
      </div>
    </div>
  );
}

export function Checkbox({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="kern-form-check">
      <input className="kern-form-check__checkbox" type="checkbox" id={id} checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
    </div>
  );
}
