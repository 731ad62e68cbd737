import { IonButton, IonIcon } from '@ionic/react';
import { chevronBack, chevronForward } from 'ionicons/icons';
import { useI18n } from '../i18n/I18nContext';

interface PagerProps {
  page: number;
  pages: number;
  onPage: (page: number) => void;
}

/** Previous / "Página 2 de 3" / next; hidden when everything fits on one page. */
export function Pager({ page, pages, onPage }: PagerProps) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  return (
    <nav className="pager" data-testid="pager" aria-label={t('requests.pageOf', { page, pages })}>
      <IonButton fill="outline" data-testid="page-previous" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        <IonIcon slot="start" icon={chevronBack} aria-hidden="true" />
        {t('requests.previous')}
      </IonButton>
      <span data-testid="page-position">{t('requests.pageOf', { page, pages })}</span>
      <IonButton fill="outline" data-testid="page-next" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('requests.next')}
        <IonIcon slot="end" icon={chevronForward} aria-hidden="true" />
      </IonButton>
    </nav>
  );
}
