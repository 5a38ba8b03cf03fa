import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

import { ApiError } from '../core/errors/api-error';

/** A failed request explained in Spanish, with any field errors that no form field shows. */
@Component({
  selector: 'app-problem-message',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (problem(); as p) {
      <div class="problem" role="alert" data-testid="problem-message">
        <mat-icon aria-hidden="true">error_outline</mat-icon>
        <div>
          <p class="message">{{ p.message }}</p>
          @if (p.fieldErrors.length) {
            <ul>
              @for (fieldError of p.fieldErrors; track $index) {
                <li>
                  @if (fieldError.label) {
                    <strong>{{ fieldError.label }}:</strong>
                  }
                  {{ fieldError.message }}
                </li>
              }
            </ul>
          }
        </div>
      </div>
    }
  `,
  styles: `
    .problem {
      display: flex;
      gap: 8px;
      align-items: flex-start;
      padding: 12px 16px;
      margin: 8px 0;
      border-radius: 8px;
      background: #fdecea;
      color: #5f2120;
    }
    .message {
      margin: 0;
    }
    ul {
      margin: 4px 0 0;
      padding-left: 20px;
    }
  `,
})
export class ProblemMessage {
  readonly problem = input<ApiError | null>(null);
}
