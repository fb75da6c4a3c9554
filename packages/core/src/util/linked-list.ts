/** The links a node of a {@link LinkedList} carries (the list is intrusive: nodes are the caller's objects). */
export interface Linked<N> {
  prev: N | undefined;
  next: N | undefined;
  /** Whether the node is in the list. */
  linked: boolean;
}

/**
 * A doubly linked list of the caller's own node objects: append, remove and
 * move to the end in O(1), with no Map or Set to churn and no allocation of
 * its own. Removing a node twice, or a node already gone, does nothing.
 */
export class LinkedList<N extends Linked<N>> {
  /** The node appended (or moved to the end) longest ago. */
  first: N | undefined;
  private last: N | undefined;

  /** Put `node` at the end; returns it. */
  append(node: N): N {
    node.prev = this.last;
    node.next = undefined;
    node.linked = true;
    if (this.last) this.last.next = node;
    else this.first = node;
    this.last = node;
    return node;
  }

  /** Take `node` out of the list (if it is still in it). */
  remove(node: N): void {
    if (!node.linked) return;
    if (node.prev) node.prev.next = node.next;
    else this.first = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.last = node.prev;
    node.prev = undefined;
    node.next = undefined;
    node.linked = false;
  }

  /** Move `node` to the end, as if appended now. */
  moveToEnd(node: N): void {
    if (node === this.last) return;
    this.remove(node);
    this.append(node);
  }

  /** The nodes in list order (a copy, so the list may change while it is used). */
  toArray(): N[] {
    const nodes: N[] = [];
    for (let node = this.first; node; node = node.next) nodes.push(node);
    return nodes;
  }

  /** Empty the list. */
  clear(): void {
    for (const node of this.toArray()) this.remove(node);
  }
}
