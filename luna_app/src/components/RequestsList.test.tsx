import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { makeAnalysis, renderWithI18n } from '../testing';
import { RequestsList } from './RequestsList';

const items = [
  makeAnalysis({ id: 'new', status: 'pending', description: 'Nevus en brazo', result: null, creationDate: '2025-03-15T10:00:00Z' }),
  makeAnalysis({ id: 'mid', status: 'completed', description: null, creationDate: '2025-03-14T10:00:00Z' }),
  makeAnalysis({ id: 'old', status: 'failed', description: 'Foto borrosa', creationDate: '2025-03-13T10:00:00Z' }),
];

describe('RequestsList', () => {
  it('renders one row per request in the given order, with status labels', () => {
    renderWithI18n(<RequestsList items={items} onOpen={() => undefined} />);
    const rows = screen.getAllByTestId('request-row');
    expect(rows.map((row) => row.getAttribute('data-request-id'))).toEqual(['new', 'mid', 'old']);
    expect(within(rows[0]).getByTestId('status-badge')).toHaveTextContent('En espera');
    expect(within(rows[1]).getByTestId('status-badge')).toHaveTextContent('Completado');
    expect(within(rows[2]).getByTestId('status-badge')).toHaveTextContent('Fallido');
    expect(rows[0]).toHaveTextContent('Nevus en brazo');
    expect(rows[1]).toHaveTextContent('Sin descripción');
    expect(within(rows[0]).getByTestId('request-date')).toHaveTextContent('2025');
  });

  it("shows each completed result's band, and no band before a result", () => {
    const unvalidated = { name: 'm', version: 'dev', validated: false, threshold: 0.5 };
    const list = [
      ...items,
      makeAnalysis({ id: 'low', result: 0.1, isMelanoma: false }),
      makeAnalysis({ id: 'unval', result: 0.9, isMelanoma: true, model: unvalidated }),
    ];
    renderWithI18n(<RequestsList items={list} onOpen={() => undefined} />);
    const bands = screen.getAllByTestId('request-row').map((row) => within(row).queryByTestId('request-band'));
    expect(bands[0]).toBeNull();
    expect(bands[1]).toHaveTextContent('Riesgo mayor');
    expect(bands[2]).toBeNull();
    expect(bands[3]).toHaveTextContent('Riesgo menor');
    expect(bands[4]).toHaveTextContent('Sin validación clínica');
  });

  it('opens the detail of the chosen request', () => {
    const onOpen = vi.fn();
    renderWithI18n(<RequestsList items={items} onOpen={onOpen} />);
    fireEvent.click(screen.getAllByTestId('request-open')[1]);
    expect(onOpen).toHaveBeenCalledWith('mid');
  });

  it('says so when there is nothing to show', () => {
    renderWithI18n(<RequestsList items={[]} onOpen={() => undefined} />, 'en');
    expect(screen.getByTestId('requests-empty')).toHaveTextContent('No requests to show.');
  });
});
