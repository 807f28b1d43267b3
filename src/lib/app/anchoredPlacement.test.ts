import { describe, expect, it } from 'vitest';
import { placeNear, type Box, within } from './anchoredPlacement';

// A portrait tablet, and the same screen with the on-screen keyboard taking its lower 45 %.
const screen: Box = { top: 0, left: 0, width: 820, height: 1180 };
const withKeyboard: Box = { top: 0, left: 0, width: 820, height: 650 };
const inside = (p: { top: number; maxHeight: number }, height: number, view: Box) =>
	p.top >= view.top && p.top + Math.min(height, p.maxHeight) <= view.top + view.height;

describe('where the tag popover goes', () => {
	it('below the selection when it fits there, clear of it', () => {
		const anchor = { top: 300, left: 100, width: 200, height: 24 };
		const p = placeNear(anchor, 400, screen);
		expect(p.side).toBe('below');
		expect(p.top).toBeGreaterThanOrEqual(anchor.top + anchor.height);
		expect(inside(p, 400, screen)).toBe(true);
	});

	it('above a selection near the bottom, and above the keyboard when it is open', () => {
		const anchor = { top: 560, left: 100, width: 200, height: 24 };
		expect(placeNear(anchor, 400, screen).side).toBe('below');
		const p = placeNear(anchor, 400, withKeyboard);
		expect(p.side).toBe('above');
		expect(p.top + Math.min(400, p.maxHeight)).toBeLessThanOrEqual(anchor.top);
		expect(inside(p, 400, withKeyboard)).toBe(true);
	});

	it('below, scrolling inside itself, when it does not fit whole but there is room', () => {
		const anchor = { top: 300, left: 100, width: 200, height: 24 };
		const p = placeNear(anchor, 2000, withKeyboard);
		expect(p.side).toBe('below');
		expect(p.maxHeight).toBeLessThan(2000);
		expect(inside(p, 2000, withKeyboard)).toBe(true);
	});

	it('never taller than 60 % of what is visible: part of what it covers stays in sight', () => {
		const p = placeNear({ top: 760, left: 100, width: 120, height: 44 }, 1200, { top: 0, left: 0, width: 1180, height: 820 });
		expect(p.side).toBe('above');
		expect(p.maxHeight).toBeLessThanOrEqual(820 * 0.6);
		expect(p.top + Math.min(1200, p.maxHeight)).toBeLessThanOrEqual(760);
	});

	it('as a sheet at the bottom of what is visible without an anchor, or with one out of sight', () => {
		for (const anchor of [null, { top: 900, left: 0, width: 10, height: 10 }]) {
			const p = placeNear(anchor, 300, withKeyboard);
			expect(p.side).toBe('sheet');
			expect(p.top + 300).toBeLessThanOrEqual(withKeyboard.height);
			expect(inside(p, 300, withKeyboard)).toBe(true);
		}
	});

	it('never past the screen’s sides, and follows a visual viewport scrolled by the keyboard', () => {
		const p = placeNear({ top: 100, left: 790, width: 20, height: 20 }, 200, screen);
		expect(p.left).toBeGreaterThanOrEqual(0);
		expect(p.left + p.width).toBeLessThanOrEqual(820);
		const scrolled: Box = { top: 400, left: 0, width: 820, height: 650 };
		const q = placeNear({ top: 500, left: 50, width: 100, height: 20 }, 300, scrolled);
		expect(inside(q, 300, scrolled)).toBe(true);
	});
});

describe('the content area', () => {
	it('keeps a sheet above the nav and below the header', () => {
		const view = { top: 0, left: 0, width: 820, height: 1180 };
		const main = { top: 72, left: 0, width: 820, height: 1028 };
		const area = within(view, main);
		expect(area).toEqual(main);
		const sheet = placeNear(null, 400, area);
		expect(sheet.top + 400).toBeLessThanOrEqual(main.top + main.height);
		// The keyboard covers the nav: what is visible of the content area counts.
		expect(within({ top: 0, left: 0, width: 820, height: 700 }, main)).toEqual({ top: 72, left: 0, width: 820, height: 628 });
		// No content area, or one out of sight: the visible part as before.
		expect(within(view, null)).toEqual(view);
		expect(within(view, { top: 2000, left: 0, width: 820, height: 100 })).toEqual(view);
	});
});
