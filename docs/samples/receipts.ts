/**
 * Sample data shared by the receipt scenarios (batch, consensus, ensemble,
 * idempotency), and a toy "model" that reads a receipt the way a good
 * classifier would: by what was bought.
 */

/** The categories a receipt is classified into. */
export const CATEGORIES = ['electronics', 'groceries', 'travel', 'dining', 'office', 'health'] as const;

/** One of {@link CATEGORIES}. */
export type Category = (typeof CATEGORIES)[number];

/** One expense receipt. */
export interface Receipt {
  /** Receipt id. */
  id: string;
  /** Who sold it. */
  merchant: string;
  /** What was bought. */
  items: string;
  /** Amount paid, in USD. */
  total: number;
  /** The right category (ground truth, used to score the answers; never shown to the agent). */
  expected: Category;
}

/** Twenty receipts, as an expense tool would send them for classification. */
export const RECEIPTS: readonly Receipt[] = [
  { id: 'R-01', merchant: 'Volt Supply', items: 'USB-C charger 65W, braided cable', total: 54.98, expected: 'electronics' },
  { id: 'R-02', merchant: 'Green Basket', items: 'apples, oat milk, bread, eggs', total: 23.4, expected: 'groceries' },
  { id: 'R-03', merchant: 'SkyLine Air', items: 'flight LIS-BER, seat 14C', total: 189.0, expected: 'travel' },
  { id: 'R-04', merchant: 'Trattoria Sole', items: 'pasta, tiramisu, espresso', total: 41.5, expected: 'dining' },
  { id: 'R-05', merchant: 'PaperWorks', items: 'printer paper, toner cartridge, stapler', total: 87.2, expected: 'office' },
  { id: 'R-06', merchant: 'CityPharm', items: 'ibuprofen, bandages, vitamin D', total: 18.75, expected: 'health' },
  { id: 'R-07', merchant: 'Pixel Point', items: 'wireless mouse, laptop stand', total: 64.0, expected: 'electronics' },
  { id: 'R-08', merchant: 'Harbor Hotel', items: 'hotel room 2 nights, city tax', total: 312.6, expected: 'travel' },
  { id: 'R-09', merchant: 'Fresh Corner', items: 'tomatoes, rice, olive oil, cheese', total: 31.1, expected: 'groceries' },
  { id: 'R-10', merchant: 'Noodle Bar', items: 'ramen, gyoza, green tea', total: 27.3, expected: 'dining' },
  { id: 'R-11', merchant: 'DeskDepot', items: 'notebooks, pens, desk organizer', total: 22.9, expected: 'office' },
  { id: 'R-12', merchant: 'Volt Supply', items: 'HDMI cable, USB hub, headphones', total: 96.45, expected: 'electronics' },
  { id: 'R-13', merchant: 'RailOne', items: 'train ticket Porto-Lisbon', total: 34.8, expected: 'travel' },
  { id: 'R-14', merchant: 'Dr. Silva Clinic', items: 'consultation, blood test', total: 120.0, expected: 'health' },
  { id: 'R-15', merchant: 'Green Basket', items: 'coffee beans, yogurt, bananas', total: 19.6, expected: 'groceries' },
  { id: 'R-16', merchant: 'Bistro Luna', items: 'lunch menu, sparkling water', total: 16.9, expected: 'dining' },
  { id: 'R-17', merchant: 'CabNow', items: 'taxi airport to hotel', total: 28.0, expected: 'travel' },
  { id: 'R-18', merchant: 'PaperWorks', items: 'envelopes, label printer tape', total: 15.3, expected: 'office' },
  { id: 'R-19', merchant: 'Pixel Point', items: 'mechanical keyboard, webcam', total: 142.0, expected: 'electronics' },
  { id: 'R-20', merchant: 'CityPharm', items: 'allergy tablets, sunscreen', total: 21.4, expected: 'health' },
];

/** The prompt the receipt samples send (filled by `dispatch` from each receipt into `ctx.prompt`). */
export const CLASSIFY_TEMPLATE =
  'Classify this expense receipt as one of electronics, groceries, travel, dining, office, health. ' +
  'Merchant: {merchant}. Items: {items}. Total: {total} USD. Answer with the category only.';

const KEYWORDS: Record<Category, readonly string[]> = {
  electronics: ['usb', 'charger', 'cable', 'mouse', 'laptop', 'hdmi', 'headphones', 'keyboard', 'webcam', 'hub'],
  groceries: ['apples', 'milk', 'bread', 'eggs', 'tomatoes', 'rice', 'oil', 'cheese', 'coffee', 'yogurt', 'bananas'],
  travel: ['flight', 'seat', 'hotel', 'train', 'ticket', 'taxi', 'airport'],
  dining: ['pasta', 'tiramisu', 'espresso', 'ramen', 'gyoza', 'tea', 'lunch', 'menu'],
  office: ['paper', 'toner', 'stapler', 'notebooks', 'pens', 'desk', 'envelopes', 'label'],
  health: ['ibuprofen', 'bandages', 'vitamin', 'consultation', 'blood', 'allergy', 'sunscreen'],
};

/**
 * The category whose keywords the items mention most: what a competent model
 * answers. The simulated models answer this with their profile's accuracy.
 */
export function readCategory(items: string): Category {
  const text = items.toLowerCase();
  let best: Category = 'office';
  let bestHits = 0;
  for (const category of CATEGORIES) {
    const hits = KEYWORDS[category].filter((word) => text.includes(word)).length;
    if (hits > bestHits) {
      best = category;
      bestHits = hits;
    }
  }
  return best;
}

/** A plausible wrong category for `right`, the kind of confusion models make (a charger bought at a pharmacy...). */
export function confusedWith(right: Category, random: () => number): Category {
  const others = CATEGORIES.filter((category) => category !== right);
  return others[Math.floor(random() * others.length)]!;
}
