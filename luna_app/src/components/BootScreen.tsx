import { useI18n } from '../i18n/I18nContext';

/** The same light screen index.html paints before the bundle arrives, while a chunk loads. */
export function BootScreen() {
  const { t } = useI18n();
  return (
    <div className="boot-screen" role="status" data-testid="boot-screen">
      <img src="/luna.svg" alt="" width="72" height="72" />
      <p>{t('app.loading')}</p>
    </div>
  );
}
