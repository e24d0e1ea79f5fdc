import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';

// The apps' form fields on KERN UX: each labelled, a hint and an error next to the field, tied to it.

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: string;
}

/** The `aria-describedby` of a field: its hint and its error, when it has them. */
const describedByOf = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** What every field has around its control: the label (with "optional"), the hint and the error, in KERN's order. */
function Field({ id, label, hint, error, optional, children }: FieldProps & { children: ReactNode }) {
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
      {children}
    </div>
  );
}

/** A labelled KERN input; the error sits next to the field and is tied to it (aria-describedby). */
export function TextField({ id, label, hint, error, optional, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field id={id} label={label} hint={hint} error={error} optional={optional}>
      <input
        id={id}
        className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByOf(id, hint, error)}
        {...input}
      />
    </Field>
  );
}

/** A labelled KERN text area, for longer plain text (a description, a reason). */
export function TextArea({ id, label, hint, error, optional, ...textarea }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        id={id}
        className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByOf(id, hint, error)}
        {...textarea}
      />
    </Field>
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
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <div className="kern-form-input__select-wrapper">
        <select
          id={id}
          className={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedByOf(id, hint, error)}
        >
          {children}
        </select>
      </div>
    </Field>
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
