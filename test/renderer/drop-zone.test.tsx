// @vitest-environment happy-dom
/** The drop zone: files dropped anywhere on the window, or picked, many at once. */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DropZone } from '../../src-renderer/src/components/DropZone.js';

afterEach(cleanup);

const log = (name: string) => new File(['2023-11-06T20:04:31.123 [MAC] ...\n'], name);

describe('DropZone', () => {
  it('takes files dropped anywhere on the window, with an overlay while dragging', () => {
    const onFiles = vi.fn();
    render(<DropZone onFiles={onFiles} />);
    const files = [log('a.log'), log('b.log')];
    const dataTransfer = { types: ['Files'], files };

    fireEvent.dragEnter(window, { dataTransfer });
    expect(screen.getByTestId('drop-overlay')).toBeTruthy();
    fireEvent.drop(window, { dataTransfer });

    expect(screen.queryByTestId('drop-overlay')).toBeNull();
    expect(onFiles).toHaveBeenCalledTimes(1);
    expect(onFiles.mock.calls[0][0]).toEqual(files);
  });

  it('ignores a drag of text, not files', () => {
    const onFiles = vi.fn();
    render(<DropZone onFiles={onFiles} />);
    fireEvent.dragEnter(window, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(screen.queryByTestId('drop-overlay')).toBeNull();
    fireEvent.drop(window, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(onFiles).not.toHaveBeenCalled();
  });

  it('takes several picked files at once', async () => {
    const user = userEvent.setup();
    const onFiles = vi.fn();
    render(<DropZone onFiles={onFiles} />);
    const files = [log('enb.log'), log('gnb.log')];
    await user.upload(screen.getByTestId('file-input'), files);
    expect(onFiles).toHaveBeenCalledWith(files);
  });
});
