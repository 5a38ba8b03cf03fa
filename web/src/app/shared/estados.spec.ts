import { ESTADOS, Estado } from '../core/api/models';
import { canCancel, canEdit, isActivo, nextEstados } from './estados';

describe('estados', () => {
  it.each<[Estado, Estado[]]>([
    ['CREADO', ['CONFIRMADO', 'CANCELADO']],
    ['CONFIRMADO', ['EN_PREPARACION', 'CANCELADO']],
    ['EN_PREPARACION', ['ENVIADO', 'CANCELADO']],
    ['ENVIADO', ['EN_REPARTO']],
    ['EN_REPARTO', ['ENTREGADO']],
    ['ENTREGADO', []],
    ['CANCELADO', []],
  ])('offers the allowed next states of %s', (estado, expected) => {
    expect(nextEstados(estado)).toEqual(expected);
  });

  it('allows editing only before preparation', () => {
    const editable = ESTADOS.filter(canEdit);

    expect(editable).toEqual(['CREADO', 'CONFIRMADO']);
  });

  it('allows cancelling only before shipping', () => {
    const cancelable = ESTADOS.filter(canCancel);

    expect(cancelable).toEqual(['CREADO', 'CONFIRMADO', 'EN_PREPARACION']);
  });

  it('treats delivered and cancelled orders as inactive', () => {
    const activos = ESTADOS.filter(isActivo);

    expect(activos).toEqual(['CREADO', 'CONFIRMADO', 'EN_PREPARACION', 'ENVIADO', 'EN_REPARTO']);
  });
});
