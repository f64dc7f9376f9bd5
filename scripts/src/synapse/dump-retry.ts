// pg_dump lists the tables, then locks each one. Synapse's background updates create and drop
// tables of their own while it runs (`_temp_populate_user_directory_rooms`, say), so a dump that
// starts between the two fails with `relation "…" does not exist`, through no fault of the data.
// Seen in CI. Such a dump is simply taken again; any other failure is not.

const droppedMidDump = /relation "[^"]+" does not exist/;

export async function retryWhileTablesChange<T>(dump: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dump();
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (attempt >= attempts || !droppedMidDump.test(text)) throw error;
    }
  }
}
