/**
 * Capacity units as DynamoDB Local reports them for everything the handlers and workers send:
 * every command on the shared DocumentClient asks for `ReturnConsumedCapacity: INDEXES`, and each
 * command is handed to `onUse` once — read or write, units in all, on the table and on each index
 * (a transaction's items added up).
 */
import { documentClient } from '../../shared/adapters/dynamo.ts';

export interface CapacityUse {
  /** The low-level command name, e.g. `TransactWriteItemsCommand`. */
  command: string;
  write: boolean;
  units: number;
  table: number;
  indexes: Record<string, number>;
}

interface Units {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}
interface Consumed extends Units {
  Table?: Units;
  GlobalSecondaryIndexes?: Record<string, Units>;
}

const WRITE_COMMAND = /^(PutItem|UpdateItem|DeleteItem|TransactWriteItems|BatchWriteItem)Command$/;
const units = (u?: Units) => u?.CapacityUnits ?? u?.WriteCapacityUnits ?? u?.ReadCapacityUnits ?? 0;

let meters = 0;

/** Start metering; the returned function stops it. */
export function meterCapacity(onUse: (use: CapacityUse) => void): () => void {
  const middlewareName = `meterCapacity${++meters}`;
  const client = documentClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
      const out = await next(args);
      const command = String(context.commandName ?? 'unknown');
      const consumed = (out.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      const use: CapacityUse = {
        command,
        write: WRITE_COMMAND.test(command),
        units: 0,
        table: 0,
        indexes: {},
      };
      for (const c of [consumed ?? []].flat()) {
        use.units += units(c);
        use.table += units(c.Table);
        for (const [name, u] of Object.entries(c.GlobalSecondaryIndexes ?? {}))
          use.indexes[name] = (use.indexes[name] ?? 0) + units(u);
      }
      onUse(use);
      return out;
    },
    { step: 'initialize', name: middlewareName },
  );
  return () => {
    client.middlewareStack.remove(middlewareName);
  };
}
