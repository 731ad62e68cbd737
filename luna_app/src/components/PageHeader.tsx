import { IonBackButton, IonButtons, IonHeader, IonTitle, IonToolbar } from '@ionic/react';
import type { ReactNode } from 'react';

export function PageHeader({ title, backHref, end }: { title: string; backHref?: string; end?: ReactNode }) {
  return (
    <IonHeader>
      <IonToolbar color="primary">
        {backHref && (
          <IonButtons slot="start">
            <IonBackButton defaultHref={backHref} data-testid="back" />
          </IonButtons>
        )}
        <IonTitle>{title}</IonTitle>
        {end && <IonButtons slot="end">{end}</IonButtons>}
      </IonToolbar>
    </IonHeader>
  );
}
