import { IonApp, IonRouterOutlet } from '@ionic/react';
import { IonReactRouter } from '@ionic/react-router';
import { Route } from 'react-router-dom';
import './ionicSetup';
import { ChangePasswordPage } from './pages/ChangePasswordPage';

/** An admin set a temporary password: only the password change works until it is changed. */
export function MustChangePasswordApp() {
  return (
    <IonApp>
      <IonReactRouter>
        <IonRouterOutlet>
          <Route component={ChangePasswordPage} />
        </IonRouterOutlet>
      </IonReactRouter>
    </IonApp>
  );
}
