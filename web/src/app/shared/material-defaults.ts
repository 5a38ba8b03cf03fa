import { Provider } from '@angular/core';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS } from '@angular/material/form-field';
import { MatPaginatorIntl } from '@angular/material/paginator';

import { PaginatorIntlEs } from './paginator-intl';

/**
 * Material settings for the feature pages: outlined form fields and Spanish paginator labels.
 * They are provided on each lazy feature route rather than at the root, so the form-field,
 * select and paginator code stays out of the initial bundle.
 */
export const MATERIAL_DEFAULTS: Provider[] = [
  { provide: MAT_FORM_FIELD_DEFAULT_OPTIONS, useValue: { appearance: 'outline' } },
  { provide: MatPaginatorIntl, useClass: PaginatorIntlEs },
];
