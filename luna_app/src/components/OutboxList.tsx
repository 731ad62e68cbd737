import { IonButton, IonItem, IonLabel, IonList, IonListHeader } from '@ionic/react';
import { formatDateTime } from '../analysisView';
import { useI18n } from '../i18n/I18nContext';
import type { OutboxItem } from '../outbox/outboxStore';

/** Photos kept on this device until they can be sent, each with its state in words. */
export function OutboxList({ items, onDiscard }: { items: readonly OutboxItem[]; onDiscard: (id: string) => void }) {
  const { t, locale } = useI18n();
  if (items.length === 0) return null;
  return (
    <IonList className="outbox-list" data-testid="outbox-list" lines="full">
      <IonListHeader>
        <IonLabel>{t('outbox.title')}</IonLabel>
      </IonListHeader>
      {items.map((item) => (
        <IonItem key={item.id} data-testid="outbox-row" data-state={item.state}>
          <IonLabel className="outbox-row">
            <span className="request-date">{formatDateTime(item.queuedAt, locale)}</span>
            <span className={item.description ? 'request-description' : 'request-description muted'}>
              {item.description || t('requests.noDescription')}
            </span>
            <span className="outbox-state" data-testid="outbox-state">
              {item.state === 'failed'
                ? t('outbox.failed', { reason: item.error ?? '' })
                : item.state === 'sending'
                  ? t('outbox.sending')
                  : t('outbox.queued')}
            </span>
            {item.state !== 'sending' && (
              <IonButton fill="clear" color="medium" data-testid="outbox-discard" onClick={() => onDiscard(item.id)}>
                {t('outbox.discard')}
              </IonButton>
            )}
          </IonLabel>
        </IonItem>
      ))}
    </IonList>
  );
}
