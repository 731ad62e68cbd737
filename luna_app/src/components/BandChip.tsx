import type { AnalysisSummary } from '../api/types';
import { useI18n } from '../i18n/I18nContext';
import { presentResult } from '../results/resultPresentation';

/** A completed result's band in the list: higher or lower risk, or "no clinical validation". */
export function BandChip({ analysis }: { analysis: AnalysisSummary }) {
  const { t } = useI18n();
  const presentation = presentResult(analysis);
  if (!presentation) return null;
  const band = presentation.kind === 'band' ? presentation.band : 'unvalidated';
  const label = t(band === 'higher' ? 'band.higher' : band === 'lower' ? 'band.lower' : 'band.unvalidated');
  return (
    <span className={`band-chip band-${band}`} data-testid="request-band" data-band={band}>
      {label}
    </span>
  );
}
