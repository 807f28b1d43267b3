/**
 * Where a floating panel (the tag popover) goes: next to what the finger just touched, inside
 * the part of the screen the user can see. On a tablet the on-screen keyboard shrinks the
 * visual viewport but not the layout viewport, so `view` is the visual viewport in layout
 * coordinates (what `position: fixed` uses) – a panel placed in it stays above the keyboard.
 */
export interface Box {
	top: number;
	left: number;
	width: number;
	height: number;
}

export type PlacementSide = 'below' | 'above' | 'sheet';

export interface Placement {
	top: number;
	left: number;
	width: number;
	/** The panel scrolls inside itself beyond this, never the page under it. */
	maxHeight: number;
	side: PlacementSide;
}

export interface PlacementOptions {
	/** Space between the anchor, the panel and the screen edge. */
	gap?: number;
	/** Widest the panel gets. */
	maxWidth?: number;
	/** Below this much room beside the anchor, the panel docks at the bottom as a sheet. */
	minHeight?: number;
	/** The panel takes at most this share of the visible height, so what it covers stays partly in sight. */
	maxShare?: number;
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));

/**
 * Below the anchor when the panel fits there or has `minHeight` of room (scrolling inside),
 * else above it on the same terms; a bottom sheet when there is no anchor, the anchor is out
 * of sight, or neither side has room.
 */
export function placeNear(anchor: Box | null, contentHeight: number, view: Box, options: PlacementOptions = {}): Placement {
	const { gap = 8, maxWidth = 576, minHeight = 220, maxShare = 0.6 } = options;
	const tallest = view.height * maxShare;
	const width = Math.max(0, Math.min(maxWidth, view.width - 2 * gap));
	const viewBottom = view.top + view.height;
	const centred = view.left + (view.width - width) / 2;
	const sheet = (): Placement => {
		const maxHeight = Math.max(0, Math.min(tallest, view.height - 2 * gap));
		const height = Math.min(contentHeight, maxHeight);
		return { top: viewBottom - gap - height, left: centred, width, maxHeight, side: 'sheet' };
	};
	if (!anchor || anchor.top + anchor.height <= view.top || anchor.top >= viewBottom) return sheet();

	const anchorTop = Math.max(anchor.top, view.top);
	const anchorBottom = Math.min(anchor.top + anchor.height, viewBottom);
	const below = viewBottom - anchorBottom - 2 * gap;
	const above = anchorTop - view.top - 2 * gap;
	const left = clamp(anchor.left, view.left + gap, view.left + view.width - gap - width);

	// Below is preferred even when the panel must scroll there: above, it would cover what
	// the researcher is writing (the next entry, the lines before the caret).
	let side: PlacementSide;
	if (contentHeight <= below || below >= minHeight) side = 'below';
	else if (contentHeight <= above || above >= minHeight) side = 'above';
	else return sheet();

	const maxHeight = Math.min(side === 'below' ? below : above, tallest);
	const height = Math.min(contentHeight, maxHeight);
	const top = side === 'below' ? anchorBottom + gap : anchorTop - gap - height;
	return { top, left, width, maxHeight, side };
}

/** The part of `view` inside `area` (e.g. the content area between the app's header and nav). */
export function within(view: Box, area: Box | null): Box {
	if (!area) return view;
	const top = Math.max(view.top, area.top);
	const left = Math.max(view.left, area.left);
	const bottom = Math.min(view.top + view.height, area.top + area.height);
	const right = Math.min(view.left + view.width, area.left + area.width);
	// An area out of sight (or none left) leaves the whole visible part: better over the nav than nowhere.
	if (bottom - top < 120 || right - left < 120) return view;
	return { top, left, width: right - left, height: bottom - top };
}

/** The visible part of the page in layout-viewport coordinates (above an open on-screen keyboard). */
export function visibleArea(win: Window = window): Box {
	const vv = win.visualViewport;
	if (vv) return { top: vv.offsetTop, left: vv.offsetLeft, width: vv.width, height: vv.height };
	return { top: 0, left: 0, width: win.innerWidth, height: win.innerHeight };
}

/** The last line box of an element (a highlight spanning lines ends on its last line), or null. */
export function lastLineBox(element: Element | null): Box | null {
	if (!element || !element.isConnected) return null;
	const rects = element.getClientRects();
	const rect = rects.length > 0 ? rects[rects.length - 1] : element.getBoundingClientRect();
	return { top: rect.top, left: rect.left, width: rect.width, height: rect.height };
}

/** A highlight's mark in the note (its last piece, where a span crosses formatting), or null. */
export function highlightAnchor(highlightId: string | null, root: ParentNode = document): Element | null {
	if (!highlightId) return null;
	const marks = root.querySelectorAll(`mark[data-highlight-id="${CSS.escape(highlightId)}"]`);
	return marks.length > 0 ? marks[marks.length - 1] : null;
}
