import { IonApp, IonRouterOutlet } from '@ionic/react';
import { IonReactRouter } from '@ionic/react-router';
import { lazy, Suspense, useState } from 'react';
import { Redirect, Route } from 'react-router-dom';
import { BootScreen } from './components/BootScreen';
import { loginPathFor } from './navigation/returnTo';
import { LoginPage } from './pages/LoginPage';
import { useSession } from './session/SessionContext';

// The signed-in app is a chunk of its own: a visitor's first paint needs only the login form.
const SignedInApp = lazy(() => import('./SignedInApp').then((module) => ({ default: module.SignedInApp })));
const ChangePasswordPage = lazy(() =>
  import('./pages/ChangePasswordPage').then((module) => ({ default: module.ChangePasswordPage })),
);

/** An admin set a temporary password: only the password change works until it is changed. */
function MustChangePasswordApp() {
  return (
    <IonReactRouter>
      <IonRouterOutlet>
        <Route
          render={() => (
            <Suspense fallback={null}>
              <ChangePasswordPage />
            </Suspense>
          )}
        />
      </IonRouterOutlet>
    </IonReactRouter>
  );
}

function SignedOutApp() {
  // A visitor who opened another page signs in first and is taken there after: the page goes
  // into the login URL before the router starts (once, on mount).
  useState(() => {
    const { pathname, search } = window.location;
    if (pathname !== '/login') window.history.replaceState(null, '', loginPathFor(pathname + search));
    return null;
  });
  return (
    <IonReactRouter>
      <IonRouterOutlet>
        <Route exact path="/login" component={LoginPage} />
        <Route>
          <Redirect to="/login" />
        </Route>
      </IonRouterOutlet>
    </IonReactRouter>
  );
}

/**
 * Three route trees: the login page for visitors, the password change for a user with a
 * temporary password, the tabs for a signed-in user. Each tree has its own router, so no
 * signed-in page survives a logout.
 */
export function App() {
  const { session } = useSession();
  return (
    <IonApp>
      {session?.mustChangePassword ? (
        <Suspense fallback={<BootScreen />}>
          <MustChangePasswordApp key="must-change" />
        </Suspense>
      ) : session ? (
        <Suspense fallback={<BootScreen />}>
          <SignedInApp key="signed-in" />
        </Suspense>
      ) : (
        <SignedOutApp key="signed-out" />
      )}
    </IonApp>
  );
}
