// Imported first by main.tsx: ES modules run in import order, so Intl is safe before uPlot loads.
import { installSafeIntl } from './safe-intl';

installSafeIntl();
