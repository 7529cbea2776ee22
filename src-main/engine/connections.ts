/**
 * A UE id that a log creates more than once, each time with another RNTI, names as many
 * connections: the srsRAN DU gives a freed UE index to the next UE that attaches, the OAI
 * CU a freed CU-UE-ID (which names the UE of a statistics block). Each connection is a UE
 * of its own in the results, so that a bad second connection is not averaged into a good
 * first one. The first keeps the id; later ones are `id#2`, `id#3`.
 *
 * A UE created once keeps its one name through RNTI changes (an OAI UE's TC-RNTI becoming
 * its C-RNTI, say): those are one connection.
 */

type Instant = [number, number];

interface Connection {
  rnti: number;
  /** The earliest record of the UE under that RNTI. */
  start: Instant;
}

export class Connections {
  private readonly byUe = new Map<string, Connection[]>();

  /** A creation of `ue` under `rnti`, whose records begin at `start`. */
  created(ue: string, rnti: number, start: Instant): void {
    let list = this.byUe.get(ue);
    if (!list) this.byUe.set(ue, (list = []));
    const known = list.find((c) => c.rnti === rnti);
    if (!known) list.push({ rnti, start });
    else if (before(start, known.start)) known.start = start;
  }

  /** Call once every creation is in: puts each UE's connections in the order they began. */
  finish(): void {
    for (const [ue, list] of this.byUe) {
      if (list.length < 2) this.byUe.delete(ue);
      else list.sort((a, b) => (before(a.start, b.start) ? -1 : 1));
    }
  }

  /**
   * The name of the connection a part of `ue` belongs to: the one created under its RNTI,
   * else (a record that names no RNTI, or another one) the last one begun by `at`.
   */
  nameOf(ue: string, rnti: number | null, at: Instant | null): string {
    const list = this.byUe.get(ue);
    if (!list) return ue;
    let index = rnti === null ? -1 : list.findIndex((c) => c.rnti === rnti);
    if (index < 0) index = at === null ? 0 : lastBegunBy(list, at);
    return index === 0 ? ue : `${ue}#${index + 1}`;
  }
}

function lastBegunBy(list: Connection[], at: Instant): number {
  let index = 0;
  list.forEach((c, i) => {
    if (!before(at, c.start)) index = i;
  });
  return index;
}

function before(a: Instant, b: Instant): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}
