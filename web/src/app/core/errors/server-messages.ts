import { LIMITES } from '../../shared/validators';

/**
 * Spanish replacements for the English texts of API errors. Validation messages come from
 * pydantic and `detail` texts from the services, so the UI shows neither: a field error
 * gets the rule of its field, and a known `detail` gets a sentence for the user.
 */

/** Rule of each request field, written for the user who filled it in. */
const MENSAJES_CAMPO: Record<string, string> = {
  nombre: `Introduce un nombre de hasta ${LIMITES.nombre} caracteres, en una sola línea.`,
  email: 'Introduce un correo electrónico válido.',
  password:
    `La contraseña debe tener entre ${LIMITES.passwordMinCaracteres} caracteres y ` +
    `${LIMITES.passwordMaxBytes} bytes (la ñ y las letras con tilde ocupan 2 bytes).`,
  telefono: 'Introduce un teléfono válido (solo números, espacios, +, paréntesis y guiones).',
  direccion: `Introduce una dirección de hasta ${LIMITES.direccion} caracteres, en una sola línea.`,
  direccion_entrega: `Introduce una dirección de hasta ${LIMITES.direccionEntrega} caracteres, en una sola línea.`,
  producto: `Introduce un producto de hasta ${LIMITES.producto} caracteres, en una sola línea.`,
  cantidad: `La cantidad debe ser un número entero entre 1 y ${LIMITES.cantidad}.`,
  cliente_id: 'Elige un cliente que exista y esté activo.',
  q: `La búsqueda admite hasta ${LIMITES.busqueda} caracteres, en una sola línea.`,
};

/** Spanish name of each request field, for errors listed without a form control. */
const ETIQUETAS_CAMPO: Record<string, string> = {
  nombre: 'Nombre',
  email: 'Correo electrónico',
  password: 'Contraseña',
  telefono: 'Teléfono',
  direccion: 'Dirección',
  direccion_entrega: 'Dirección de entrega',
  producto: 'Producto',
  cantidad: 'Cantidad',
  cliente_id: 'Cliente',
  estado: 'Estado',
  version: 'Versión',
  activo: 'Cuenta activa',
  q: 'Búsqueda',
};

export const VALOR_NO_VALIDO = 'Valor no válido.';

/** Spanish sentences for the `detail` texts that the services send with a 409. */
const DETALLES_CONOCIDOS: readonly (readonly [RegExp, string])[] = [
  [/\bis at version \d+, not \d+/i, 'Otra persona modificó el pedido; recarga para ver los cambios.'],
  [/\bcannot change from\b/i, 'El pedido ya no admite ese cambio de estado.'],
  [
    /\bcan be edited only while\b/i,
    'El pedido ya no se puede modificar: solo se puede cambiar mientras está creado o confirmado.',
  ],
  [/\bemail already exists\b/i, 'Este correo ya está registrado.'],
  [/\balready has an account\b/i, 'Este cliente ya tiene una cuenta de acceso.'],
];

/** Last segment of a field path such as `body.email`, the name of the form control. */
export function fieldName(field: string): string {
  return field.split('.').pop() ?? '';
}

/** Spanish rule for a field the server rejected, or a generic text for an unknown field. */
export function fieldMessage(field: string): string {
  return MENSAJES_CAMPO[fieldName(field)] ?? VALOR_NO_VALIDO;
}

/** Spanish name of a field, the raw name when unknown, and '' for errors about the whole body. */
export function fieldLabel(field: string): string {
  const name = fieldName(field);
  if (name === '' || name === 'body') {
    return '';
  }
  return ETIQUETAS_CAMPO[name] ?? name;
}

/** Spanish sentence for a known `detail` text, or null. */
export function detailMessage(detail: unknown): string | null {
  if (typeof detail !== 'string') {
    return null;
  }
  const known = DETALLES_CONOCIDOS.find(([pattern]) => pattern.test(detail));
  return known ? known[1] : null;
}
