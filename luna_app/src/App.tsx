import { lazy, Suspense, useState } from 'react';
import { BootScreen } from './components/BootScreen';
import { loginPathFor } from './navigation/returnTo';
import { LoginPage } from './pages/LoginPage';
import { useSession } from './session/SessionContext';

// Everything Ionic is in these chunks: a visitor's first paint needs only React and the login form.
const SignedInApp = lazy(() => import('./SignedInApp').then((module) => ({ default: module.SignedInApp })));
const MustChangePasswordApp = lazy(() =>
  import('./MustChangePasswordApp').then((module) => ({ default: module.MustChangePasswordApp })),
);

/** Start fetching the signed-in app while the visitor types, so sign-in does not wait for it. */
export function preloadSignedInApp(): void {
  void import('./SignedInApp');
}

function SignedOutApp() {
  // A visitor who opened another page signs in first and is taken there after: the page goes
  // into the login URL (once, on mount).
  useState(() => {
    const { pathname, search } = window.location;
    if (pathname !== '/login') window.history.replaceState(null, '', loginPathFor(pathname + search));
    return null;
  });
  return <LoginPage />;
}

/**
 * Three trees: the login page for visitors, the password change for a user with a temporary
 * password, the tabs for a signed-in user. Each signed-in tree has its own router, so no
 * signed-in page survives a logout.
 */
export function App() {
  const { session } = useSession();
  if (!session) return <SignedOutApp key="signed-out" />;
  return (
    <Suspense fallback={<BootScreen />}>
      {session.mustChangePassword ? (
        <MustChangePasswordApp key="must-change" />
      ) : (
        <SignedInApp key="signed-in" />
      )}
    </Suspense>
  );
}
