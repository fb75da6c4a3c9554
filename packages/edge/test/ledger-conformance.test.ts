import { memoryLedger } from '@flotilla/core';
import { describeLedgerConformance } from '@flotilla/core/testing';
import { runLedger } from '../src/index.js';

// A request's own cap over a shared budget that has room to spare: the run's cap is the one tested.
describeLedgerConformance('runLedger (request cap)', { create: ({ capUsd }) => runLedger(memoryLedger({ capUsd: 1_000 }), capUsd) });

