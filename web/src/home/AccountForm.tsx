// Sign in or sign up to this OMNIOS server: email and password, the server's refusal shown as it
// gave it (with its correlation id, to quote when reporting a problem).
import { useState, type FormEvent } from 'react';
import { failureText, type ServerApi, type User } from '../server/api';

export function AccountForm({
  api,
  onSignedIn,
  title = 'Sign in to keep projects on the server and share them.',
}: {
  api: ServerApi;
  onSignedIn: (user: User) => void;
  /** What signing in is for, above the fields. */
  title?: string;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (mode: 'signin' | 'signup'): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(mode === 'signup' ? await api.signUp(email.trim(), password) : await api.signIn(email.trim(), password));
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="account-form"
      aria-label="Sign in to the server"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void submit('signin');
      }}
    >
      <span className="account-form-title">{title}</span>
      <input
        className="text-input"
        type="email"
        aria-label="Email"
        placeholder="Email"
        autoComplete="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <input
        className="text-input"
        type="password"
        aria-label="Password"
        placeholder="Password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="button primary" disabled={busy}>
        Sign in
      </button>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={(e) => {
          if (e.currentTarget.form?.reportValidity() !== false) void submit('signup');
        }}
      >
        Sign up
      </button>
      {error !== null && (
        <div className="home-message home-error account-error" role="alert" data-testid="account-error">
          {error}
        </div>
      )}
    </form>
  );
}
