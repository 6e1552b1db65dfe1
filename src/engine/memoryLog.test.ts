import { eventLogContract } from './eventLogContract';
import { MemoryEventLog } from './memoryLog';

eventLogContract('MemoryEventLog', () => new MemoryEventLog());
